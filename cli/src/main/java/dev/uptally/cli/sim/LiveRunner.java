package dev.uptally.cli.sim;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live mode: every device wakes once per interval at its own phase (so requests spread evenly over the interval),
 * produces what its machine did since the last wake-up and sends its spool (unless its network is lost or the
 * collector asked it to wait). One periodic task per device, so a device's requests never overlap.
 */
final class LiveRunner implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(LiveRunner.class.getName());
  /** Wake a little after the grid point so the sample due at it is already in the past. */
  private static final long WAKE_LATE_MILLIS = 50;

  private final List<VirtualDevice> devices;
  private final CollectorClient client;
  private final Clock clock;
  private final long intervalMillis;
  private final int maxBatchSamples;
  private final ScheduledExecutorService scheduler;
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
  private final LongAdder requests = new LongAdder();
  private final LongAdder samples = new LongAdder();
  private final Map<Integer, LongAdder> errors = new ConcurrentHashMap<>();
  private final Succession succession;

  /** @param succession retires machines whose service ended and starts their replacements; null without lifecycle */
  LiveRunner(List<VirtualDevice> devices, CollectorClient client, Clock clock, long intervalMillis,
      int maxBatchSamples, int threads, Succession succession) {
    this.succession = succession;
    this.devices = devices;
    this.client = client;
    this.clock = clock;
    this.intervalMillis = intervalMillis;
    this.maxBatchSamples = maxBatchSamples;
    this.scheduler = Executors.newScheduledThreadPool(threads, r -> {
      Thread t = new Thread(r, "sim-live");
      t.setDaemon(true);
      return t;
    });
  }

  synchronized void start() {
    long now = clock.millis();
    for (VirtualDevice first : devices) {
      VirtualDevice d = first;
      for (VirtualDevice next = d; next != null && next.simulation() != null; next = next.successor()) {
        next.simulation().healthEvery(1);
        d = next;
      }
      long delay = Math.floorMod(d.simulation().nextSampleMillis() - now, intervalMillis) + WAKE_LATE_MILLIS;
      tasks.add(scheduler.scheduleAtFixedRate(() -> tick(first), delay, intervalMillis, TimeUnit.MILLISECONDS));
    }
  }

  /** One wake-up of {@code first}'s seat: the machine reporting for it now (a replacement, once one took over). */
  private void tick(VirtualDevice first) {
    long now = clock.millis();
    VirtualDevice d = first;
    try {
      if (succession != null) {
        d = succession.current(first, now, 1);
      }
      d.generate(now, maxBatchSamples);
      if (d.spooled() == 0 || d.holdsBack(now)) {
        return;
      }
      samples.add(d.send(client, now, maxBatchSamples, false));
      requests.increment();
    } catch (CollectorException e) {
      if (e.retryAfter() != null) {
        d.notBefore(now + e.retryAfter().toMillis());
      }
      LongAdder n = errors.computeIfAbsent(e.status(), s -> new LongAdder());
      n.increment();
      if (n.sum() == 1) {
        LOG.log(Level.WARNING, "first live send failure with status {0} ({1}); samples stay spooled and are"
            + " replayed: {2}", e.status(), d.behaviour().hostname(), e.getMessage());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "live tick of " + d.behaviour().hostname() + " failed", e);
      errors.computeIfAbsent(-1, s -> new LongAdder()).increment();
    }
  }

  LiveStats stats() {
    Map<Integer, Long> byStatus = new TreeMap<>();
    errors.forEach((status, n) -> byStatus.put(status, n.sum()));
    return new LiveStats(requests.sum(), samples.sum(), byStatus);
  }

  /** Stops waking devices and waits (at most 10 s) for requests in flight. */
  @Override
  public synchronized void close() {
    tasks.forEach(t -> t.cancel(false));
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
