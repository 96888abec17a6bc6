package dev.uptally.cli.sim;

import dev.uptally.common.protocol.EnrollResponse;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Drives a simulated fleet against a collector through the real wire protocol v1: enrolls every device, sends a
 * period of history ({@link #backfill}), then keeps the fleet reporting live ({@link #startLive}) until
 * {@link #close()}. Every device keeps the {@link Truth} of what it did, for comparison with the collector's
 * timeline. Backfill and live are driven from one thread; the truth and stats may be read from any.
 *
 * <pre>{@code
 * try (Simulator sim = new Simulator(URI.create("http://127.0.0.1:8420"), FleetProfile.demo(42, tokens),
 *     Clock.systemUTC(), SimulatorOptions.defaults(System.out))) {
 *   Instant now = Instant.now();
 *   sim.backfill(now.minus(Duration.ofDays(30)), now);
 *   sim.runLive(Duration.ofHours(1));
 * }
 * }</pre>
 */
public final class Simulator implements AutoCloseable {

  private final FleetProfile profile;
  private final Clock clock;
  private final SimulatorOptions options;
  private final CollectorClient client;
  private final List<VirtualDevice> devices = new ArrayList<>();
  private final Map<String, VirtualDevice> byId = new LinkedHashMap<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Succession succession;
  private volatile int intervalSeconds;
  private LiveRunner live;

  public Simulator(URI collectorUrl, FleetProfile profile, Clock clock, SimulatorOptions options) {
    this(collectorUrl, profile, clock, options, null);
  }

  /**
   * @param lifecycle drive failures, breakdowns and decommissionings, with the API token the simulated operator
   *     retires devices with; null for hardware that never fails or ends
   */
  public Simulator(URI collectorUrl, FleetProfile profile, Clock clock, SimulatorOptions options,
      LifecycleOptions lifecycle) {
    this.profile = profile;
    this.clock = clock;
    this.options = options;
    this.client = new CollectorClient(collectorUrl, options.retry(), options.sleeper());
    Map<String, ClientFleet> clients = new LinkedHashMap<>();
    profile.clients().forEach(c -> clients.put(c.clientId(), c));
    this.succession = lifecycle == null ? null : new Succession(
        new OperatorClient(collectorUrl, lifecycle.apiToken(), options.retry(), options.sleeper()), client, clock,
        lifecycle, old -> new VirtualDevice(BehaviourFactory.successor(clients.get(old.behaviour().clientId()),
            old.behaviour()), old.enrollmentToken(), old.behaviour().deviceId()));
    for (DeviceBehaviour b : profile.devices()) {
      VirtualDevice d = new VirtualDevice(b, clients.get(b.clientId()).enrollmentToken());
      devices.add(d);
      byId.put(b.deviceId(), d);
    }
  }

  public FleetProfile profile() {
    return profile;
  }

  /** Every simulated device, in the profile's order, each followed by the machines that replaced it so far. */
  public List<DeviceBehaviour> devices() {
    return machines().stream().map(SimulatedMachine::device).toList();
  }

  /**
   * Every machine simulated so far with its truth (hardware and retirement included): the profile's devices, each
   * followed by the machines that took over its hostname. Devices not simulated yet are left out.
   */
  public List<SimulatedMachine> machines() {
    List<SimulatedMachine> out = new ArrayList<>();
    for (VirtualDevice first : devices) {
      for (VirtualDevice d = first; d != null; d = d.successor()) {
        DeviceSimulation s = d.simulation();
        if (s == null) {
          if (d == first && d.enrolled()) {
            out.add(new SimulatedMachine(d.behaviour(), d.enrolledAt(), d.replaces(), null));
          }
          break;
        }
        out.add(new SimulatedMachine(d.behaviour(), d.enrolledAt(), d.replaces(), s.truth()));
      }
    }
    return out;
  }

  /**
   * Enrolls every device not enrolled yet and returns the collector's heartbeat interval.
   *
   * @throws CollectorException when the collector refuses a device (e.g. 401 for a wrong enrollment token)
   */
  public int enrollAll() throws InterruptedException {
    List<Callable<EnrollResponse>> pending = new ArrayList<>();
    for (VirtualDevice d : devices) {
      if (!d.enrolled()) {
        pending.add(() -> d.enroll(client, clock.millis()));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(options.parallelism());
    try {
      for (Future<EnrollResponse> f : pool.invokeAll(pending)) {
        intervalSeconds = f.get().intervalSeconds();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CollectorException ce) {
        throw ce;
      }
      throw new IllegalStateException("enrollment failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    if (intervalSeconds <= 0) {
      throw new CollectorException(200, "the collector answered enrollment with intervalSeconds " + intervalSeconds,
          null, null);
    }
    return intervalSeconds;
  }

  /**
   * Sends each device's samples for the true-time period {@code [from, to]}, oldest first, at the collector's
   * interval; enrolls first if needed. Devices start at {@code from} (each at its own phase of the interval).
   * A second call continues where the first stopped.
   */
  public BackfillResult backfill(Instant from, Instant to) throws InterruptedException {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("backfill period ends before it starts: " + from + " > " + to);
    }
    enrollAll();
    startSimulations(from.toEpochMilli(), to.toEpochMilli());
    for (VirtualDevice d : devices) {
      d.simulation().healthEvery(options.historyHealthEvery());
    }
    return new Backfill(devices, client, clock, options, succession, () -> stopped.getCount() == 0)
        .run(to.toEpochMilli());
  }

  /** Starts live mode: devices not backfilled start now. Returns at once; {@link #close()} stops it. */
  public synchronized void startLive() throws InterruptedException {
    if (live != null) {
      throw new IllegalStateException("live mode already started");
    }
    if (stopped.getCount() == 0) {
      throw new IllegalStateException("the simulator is closed");
    }
    enrollAll();
    long now = clock.millis();
    startSimulations(now, now + EpisodePlanner.DAY_MILLIS);
    int threads = Math.max(2, Math.min(options.parallelism(), devices.size()));
    live = new LiveRunner(devices, client, clock, intervalSeconds * 1000L, options.maxBatchSamples(), threads,
        succession);
    live.start();
  }

  /** Live mode for {@code duration}, or until {@link #close()} is called from another thread. */
  public void runLive(Duration duration) throws InterruptedException {
    startLive();
    stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    close();
  }

  /** Counters of live mode (zeros before it started). */
  public synchronized LiveStats liveStats() {
    return live == null ? new LiveStats(0, 0, Map.of()) : live.stats();
  }

  /** What the device actually did up to {@code now}. @throws IllegalArgumentException for an unknown device */
  public List<TruthInterval> truth(String deviceId, Instant now) {
    for (SimulatedMachine m : machines()) {
      if (m.device().deviceId().equals(deviceId)) {
        return m.truth() == null ? List.of() : m.truth().until(now);
      }
    }
    if (byId.containsKey(deviceId)) {
      return List.of();
    }
    throw new IllegalArgumentException("no simulated device with id " + deviceId);
  }

  /** Stops a backfill in progress (after each device's batch in flight) and live mode; idempotent. */
  @Override
  public synchronized void close() {
    stopped.countDown();
    if (live != null) {
      live.close();
    }
  }

  private void startSimulations(long startMillis, long periodEndMillis) {
    long intervalMillis = intervalSeconds * 1000L;
    for (int i = 0; i < devices.size(); i++) {
      VirtualDevice d = devices.get(i);
      if (d.simulation() == null) {
        long phase = (long) i * intervalMillis / devices.size();
        d.simulate(new DeviceSimulation(d.behaviour(), intervalMillis, phase, startMillis, periodEndMillis, 1,
            succession == null ? null : succession.options(), false));
      }
    }
  }
}
