package dev.uptally.agent;

import dev.uptally.agent.clock.AgentClock;
import dev.uptally.agent.events.SleepDetector;
import dev.uptally.agent.events.SystemStateProbe;
import dev.uptally.agent.hardware.DeviceClassResolver;
import dev.uptally.agent.hardware.HardwareReader;
import dev.uptally.agent.heartbeat.Backoff;
import dev.uptally.agent.heartbeat.Enrollment;
import dev.uptally.agent.heartbeat.HeartbeatLoop;
import dev.uptally.agent.heartbeat.HeartbeatRunner;
import dev.uptally.agent.heartbeat.InventoryTracker;
import dev.uptally.agent.heartbeat.LoopSettings;
import dev.uptally.agent.heartbeat.SleepAnnouncer;
import dev.uptally.agent.identity.IdentityStore;
import dev.uptally.agent.power.NoSleepNotifier;
import dev.uptally.agent.power.SleepNotifier;
import dev.uptally.agent.power.SleepNotifierUnavailableException;
import dev.uptally.agent.spool.SampleRecorder;
import dev.uptally.agent.spool.Spool;
import dev.uptally.agent.spool.SpoolLimits;
import dev.uptally.agent.transport.CollectorClient;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.ShutdownReason;
import dev.uptally.config.agent.AgentConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * One running agent, wired from an {@link AgentConfig}: identity and spool in the state dir, the
 * heartbeat loop on its own thread, the OS's sleep announcements (where it makes them) turned into
 * {@code suspend} and {@code resume} samples, and the orderly stop that records the {@code shutdown} sample.
 * The caller decides where hardware, system state, sleep announcements and clocks come from (real ones in
 * {@link AgentMain}, fakes in tests and the fleet simulator).
 */
public final class Agent {

  private static final System.Logger LOG = System.getLogger(Agent.class.getName());
  /** How long the shutdown sample may take to reach the collector before the process exits anyway. */
  public static final Duration SHUTDOWN_SEND_TIMEOUT = Duration.ofSeconds(2);

  private final IdentityStore identity;
  private final Spool spool;
  private final HeartbeatLoop loop;
  private final HeartbeatRunner runner;
  private final SystemStateProbe probe;
  private final DeviceClass deviceClass;
  private final List<URI> collectorUrls;
  private final SleepNotifier sleepNotifier;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private Agent(IdentityStore identity, Spool spool, HeartbeatLoop loop, CollectorClient client, SystemStateProbe probe,
      DeviceClass deviceClass, List<URI> collectorUrls, SleepNotifier sleepNotifier) {
    this.sleepNotifier = sleepNotifier;
    this.identity = identity;
    this.collectorUrls = collectorUrls;
    this.spool = spool;
    this.loop = loop;
    this.runner = new HeartbeatRunner(loop, client::abortInFlight);
    this.probe = probe;
    this.deviceClass = deviceClass;
  }

  /**
   * Opens the state dir (creating it), repairs the spool and prepares the loop; nothing is sent yet.
   *
   * @throws dev.uptally.agent.identity.StateDirException when the state dir is not usable, naming it
   * @throws IOException when the CA file cannot be read
   */
  public static Agent create(AgentConfig config, HardwareReader hardware, SystemStateProbe probe, AgentClock clock)
      throws IOException {
    return create(config, hardware, probe, clock, new NoSleepNotifier());
  }

  /**
   * As {@link #create(AgentConfig, HardwareReader, SystemStateProbe, AgentClock)}, with the OS's sleep announcements
   * from {@code sleepNotifier} (started with the agent, closed when it stops).
   */
  public static Agent create(AgentConfig config, HardwareReader hardware, SystemStateProbe probe, AgentClock clock,
      SleepNotifier sleepNotifier) throws IOException {
    IdentityStore identity = IdentityStore.open(config.stateDir());
    AgentConfig.SpoolConfig sc = config.spool();
    SpoolLimits limits = sc == null
        ? SpoolLimits.of(SpoolLimits.DEFAULT_MAX_BYTES, SpoolLimits.DEFAULT_MAX_AGE)
        : SpoolLimits.of(sc.maxBytes(), sc.maxAge());
    Spool spool = Spool.open(config.stateDir().resolve("spool"), limits, clock);
    SampleRecorder recorder = new SampleRecorder(spool, identity);
    InventoryTracker tracker = new InventoryTracker(identity);
    CollectorClient client = new CollectorClient(config.collector().urls(), config.collector().caFile(),
        config.collector().proxy(), AgentVersion.current(), clock);
    DeviceClass deviceClass = DeviceClassResolver.resolve(config.deviceClass(), hardware);
    Enrollment.DeviceDescription description = new Enrollment.DeviceDescription(hostname(), deviceClass,
        ZoneId.systemDefault().getId(), AgentVersion.current(), config.tags());
    Enrollment enrollment = new Enrollment(identity, client, config.enrollmentToken(), () -> description,
        hardware::inventory, tracker);
    SplittableRandom random = new SplittableRandom();
    HeartbeatLoop loop = new HeartbeatLoop(clock, hardware, recorder, enrollment, client, tracker,
        new SleepDetector(SleepDetector.DEFAULT_THRESHOLD), Backoff.standard(random.split()), random.split(),
        LoopSettings.defaults());
    return new Agent(identity, spool, loop, client, probe, deviceClass, config.collector().urls(), sleepNotifier);
  }

  /** Starts the heartbeat thread: the first step records {@code startup} and enrolls when needed. */
  public void start() {
    LOG.log(Level.INFO, "agent {0} starting: device {1}, class {2}, state dir {3}, collector {4}",
        AgentVersion.current(), identity.deviceId(), deviceClass.wireName(), identity.stateDir(), shownUrls());
    runner.start();
    listenForSleep();
  }

  /** Where the OS cannot announce sleep after all, it is said once and the clock gap alone reports sleep. */
  private void listenForSleep() {
    try {
      sleepNotifier.start(new SleepAnnouncer(loop));
      LOG.log(Level.INFO, "sleep announcements: {0}", sleepNotifier.describe());
    } catch (SleepNotifierUnavailableException e) {
      LOG.log(Level.INFO, "the OS will not announce sleep to the agent ({0}); sleep is reported after wake-up,"
          + " from the clock gap", e.getMessage());
    }
  }

  /**
   * Orderly stop (from the JVM shutdown hook): stops the loop, records {@code shutdown} with reason
   * {@code os} when the OS is going down, else {@code agent}, tries to deliver it, closes the spool.
   * Idempotent; returns the shutdown sample, or null when already stopped.
   */
  public Sample stop() throws InterruptedException {
    if (!stopped.compareAndSet(false, true)) {
      return null;
    }
    sleepNotifier.close(); // first: a lock held on the OS's sleep must not outlive the agent
    runner.stop(Duration.ofSeconds(5));
    Sample s = loop.shutdown(shutdownReason(), SHUTDOWN_SEND_TIMEOUT);
    spool.close();
    LOG.log(Level.INFO, "agent stopped: shutdown sample seq {0} reason {1}", s.seq(), s.reason().wireName());
    return s;
  }

  /** The probe's answer; when asking fails, the stop is still recorded (as the agent's own) rather than lost. */
  private ShutdownReason shutdownReason() {
    try {
      return probe.shutdownReason();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot tell whether the OS is going down; reporting the stop as the agent''s", e);
      return ShutdownReason.AGENT;
    }
  }

  /** The collector URL, or the URLs in the order they are tried. */
  private String shownUrls() {
    return collectorUrls.stream().map(URI::toString).collect(Collectors.joining(", "));
  }

  public String deviceId() {
    return identity.deviceId();
  }

  public DeviceClass deviceClass() {
    return deviceClass;
  }

  static String hostname() {
    String env = System.getenv("COMPUTERNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String fallback = System.getenv("HOSTNAME");
      return fallback == null || fallback.isBlank() ? "unknown-host" : fallback;
    }
  }
}
