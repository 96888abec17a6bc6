package dev.uptally.agent.power.logind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.agent.events.SleepDetector;
import dev.uptally.agent.hardware.FakeHardwareReader;
import dev.uptally.agent.heartbeat.Backoff;
import dev.uptally.agent.heartbeat.Enrollment;
import dev.uptally.agent.heartbeat.HeartbeatLoop;
import dev.uptally.agent.heartbeat.InventoryTracker;
import dev.uptally.agent.heartbeat.LoopSettings;
import dev.uptally.agent.heartbeat.SleepAnnouncer;
import dev.uptally.agent.identity.IdentityStore;
import dev.uptally.agent.power.SleepListener;
import dev.uptally.agent.power.SleepNotifierUnavailableException;
import dev.uptally.agent.spool.SampleRecorder;
import dev.uptally.agent.spool.Spool;
import dev.uptally.agent.spool.SpoolLimits;
import dev.uptally.agent.testing.FakeCollector;
import dev.uptally.agent.testing.FakeCollector.Answer;
import dev.uptally.agent.testing.ManualClock;
import dev.uptally.agent.testing.PrivateBus;
import dev.uptally.agent.transport.CollectorClient;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.SampleEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logind path end to end on Linux: a private dbus-daemon, a fake logind exported on it, the real notifier
 * and heartbeat loop with a real spool, a collector stand-in on loopback, and a manual clock. Waits are bounded
 * waits for real I/O (D-Bus, HTTP), never for time to pass: the clock moves only when the test says so.
 */
class LogindSleepNotifierTest {

  private static final long T0 = 1_764_000_000_000L;
  private static final Duration BUDGET = Duration.ofSeconds(3);

  @TempDir Path tmp;
  private final ManualClock clock = new ManualClock(T0);
  private final List<Sample> delivered = new ArrayList<>();
  private PrivateBus bus;
  private FakeLogind logind;
  private FakeCollector collector;
  private Spool spool;
  private HeartbeatLoop loop;
  private LogindSleepNotifier notifier;
  /** What was true when the agent said it was ready to sleep, i.e. before the notifier let go of the lock. */
  private volatile ReadyToSleep ready;

  private record ReadyToSleep(List<Sample> spooled, List<Sample> delivered, int locksHeld) {}

  @BeforeEach
  void startBus() throws Exception {
    bus = PrivateBus.start(tmp);
    logind = FakeLogind.on(bus.address());
  }

  @AfterEach
  void stopAll() throws IOException {
    if (notifier != null) {
      notifier.close();
    }
    if (collector != null) {
      collector.close();
    }
    if (spool != null) {
      spool.close();
    }
    if (logind != null) {
      logind.close();
    }
    if (bus != null) {
      bus.close();
    }
  }

  private Answer answer(FakeCollector.Received r) {
    if (r.path().equals("/v1/enroll")) {
      return Answer.ok("{\"deviceToken\":\"t1\",\"clientId\":\"acme\",\"intervalSeconds\":30}");
    }
    HeartbeatBatch b = Json.mapper().readValue(r.body(), HeartbeatBatch.class);
    synchronized (delivered) {
      delivered.addAll(b.samples());
    }
    return Answer.ok("{\"ackedSeq\":" + b.samples().get(b.samples().size() - 1).seq() + ",\"intervalSeconds\":30}");
  }

  private List<Sample> delivered() {
    synchronized (delivered) {
      return List.copyOf(delivered);
    }
  }

  /** The agent's loop against {@code collectorUrl}, its sleep announcements from logind on the private bus. */
  private void startAgent(URI collectorUrl, Duration budget) throws Exception {
    IdentityStore identity = IdentityStore.open(tmp.resolve("state"));
    spool = Spool.open(tmp.resolve("state/spool"), SpoolLimits.of(SpoolLimits.DEFAULT_MAX_BYTES,
        SpoolLimits.DEFAULT_MAX_AGE), clock);
    SampleRecorder recorder = new SampleRecorder(spool, identity);
    InventoryTracker tracker = new InventoryTracker(identity);
    CollectorClient client = new CollectorClient(collectorUrl, null, null, "test");
    FakeHardwareReader hardware = new FakeHardwareReader();
    Enrollment enrollment = new Enrollment(identity, client, "enroll-secret",
        () -> new Enrollment.DeviceDescription("host-1", DeviceClass.LAPTOP, "UTC", "test", Map.of()),
        hardware::inventory, tracker);
    LoopSettings defaults = LoopSettings.defaults();
    LoopSettings settings = new LoopSettings(defaults.initialInterval(), 0, defaults.maxBatchSamples(),
        defaults.maxBatchesPerRound(), Duration.ofSeconds(5), defaults.wakeAtLeastEvery(), defaults.inventoryEvery());
    loop = new HeartbeatLoop(clock, hardware, recorder, enrollment, client, tracker,
        new SleepDetector(Duration.ofSeconds(20)), Backoff.standard(new SplittableRandom(7)), new SplittableRandom(11),
        settings);
    notifier = new LogindSleepNotifier(bus.address(), budget);
    notifier.start(new Observed(new SleepAnnouncer(loop)));
  }

  /** The agent's listener, noting what was durable and sent when it declared itself ready to sleep. */
  private final class Observed implements SleepListener {
    private final SleepListener agent;

    Observed(SleepListener agent) {
      this.agent = agent;
    }

    @Override
    public void aboutToSleep(Duration budget) {
      agent.aboutToSleep(budget);
      ready = new ReadyToSleep(spool.pending(1000), delivered(), logind.locksHeldByOthers());
    }

    @Override
    public void woke() {
      agent.woke();
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      Thread.sleep(10); // bounded wait for D-Bus and HTTP on this machine, not for the manual clock
    }
  }

  private static List<Sample> events(List<Sample> samples, SampleEvent event) {
    return samples.stream().filter(s -> s.event() == event).toList();
  }

  @Test
  void theAgentHoldsADelayLockOnSleepNamedForItself() throws Exception {
    collector = new FakeCollector().otherwise(this::answer);
    startAgent(collector.url(), BUDGET);
    assertThat(logind.inhibitCalls()).containsExactly(
        new FakeLogind.InhibitCall("sleep", "uptally-agent", "record a suspend sample", "delay"));
    assertThat(logind.locksHeldByOthers()).as("the agent holds the lock it was given").isEqualTo(1);
    for (int i = 0; i < 5; i++) {
      System.gc(); // the descriptor is the agent's to close, not the garbage collector's
      Thread.sleep(50);
    }
    assertThat(logind.locksHeldByOthers()).as("still held after garbage collection").isEqualTo(1);
    assertThat(notifier.holdsLock()).isTrue();
  }

  @Test
  void suspendIsSpooledAndSentBeforeTheLockIsReleasedAndTheWakeUpGivesOneExactResume() throws Exception {
    collector = new FakeCollector().otherwise(this::answer);
    startAgent(collector.url(), BUDGET);
    loop.step();
    clock.advance(Duration.ofSeconds(10));
    long suspendAt = clock.millis();

    logind.prepareForSleep(true);
    await(() -> logind.locksHeldByOthers() == 0, "the agent releases its lock");
    assertThat(ready).as("the agent declared itself ready before releasing").isNotNull();
    assertThat(ready.locksHeld()).as("still holding the lock when ready").isEqualTo(1);
    assertThat(events(ready.delivered(), SampleEvent.SUSPEND)).as("sent before the lock went")
        .singleElement().extracting(Sample::time).isEqualTo(suspendAt);
    assertThat(ready.spooled()).as("and acknowledged, so no longer pending").isEmpty();

    clock.sleep(Duration.ofHours(1));
    long wokeAt = clock.millis();
    logind.prepareForSleep(false);
    await(() -> logind.inhibitCalls().size() == 2 && logind.locksHeldByOthers() == 1, "a new lock after wake-up");

    loop.step(); // the resume goes out; the clock gap of the same sleep is not reported again
    clock.advance(Duration.ofSeconds(31));
    loop.step();
    List<Sample> resumes = events(delivered(), SampleEvent.RESUME);
    assertThat(resumes).singleElement().satisfies(r -> {
      assertThat(r.sleptFrom()).isEqualTo(suspendAt);
      assertThat(r.sleptUntil()).isEqualTo(wokeAt);
    });
    assertThat(delivered().get(delivered().size() - 1).event()).as("then heartbeats again").isNull();
  }

  @Test
  void withTheCollectorUnreachableTheSuspendStaysSpooledAndTheLockIsReleasedWithinTheBudget() throws Exception {
    try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // accepts and never answers: a network that swallows packets, the worst case for the deadline
      Thread acceptor = new Thread(() -> acceptForever(blackHole), "black-hole");
      acceptor.setDaemon(true);
      acceptor.start();
      Duration budget = Duration.ofMillis(600);
      startAgent(URI.create("http://127.0.0.1:" + blackHole.getLocalPort()), budget);
      long before = System.nanoTime();
      logind.prepareForSleep(true);
      await(() -> logind.locksHeldByOthers() == 0, "the agent releases its lock");
      Duration took = Duration.ofNanos(System.nanoTime() - before);
      assertThat(took).as("released within the budget (plus D-Bus round trips)")
          .isLessThan(budget.plusMillis(1500));
      assertThat(events(spool.pending(1000), SampleEvent.SUSPEND)).as("durable, replayed after wake").hasSize(1);
    }

  }

  private static void acceptForever(ServerSocket server) {
    List<Socket> held = new ArrayList<>();
    try {
      while (true) {
        held.add(server.accept());
      }
    } catch (IOException e) {
      // the test closed the server: done
    }
  }

  @Test
  void whenTheClockGapSeesTheSleepFirstTheWakeUpSignalAddsNoSecondResume() throws Exception {
    collector = new FakeCollector().otherwise(this::answer);
    startAgent(collector.url(), BUDGET);
    loop.step();
    long suspendAt = clock.millis();
    logind.prepareForSleep(true);
    await(() -> logind.locksHeldByOthers() == 0, "the agent releases its lock");

    clock.sleep(Duration.ofMinutes(20));
    long observedAt = clock.millis();
    loop.step(); // the heartbeat thread woke before logind said so
    logind.prepareForSleep(false);
    await(() -> logind.inhibitCalls().size() == 2 && logind.locksHeldByOthers() == 1, "a new lock after wake-up");
    clock.advance(Duration.ofSeconds(31));
    loop.step();

    assertThat(events(delivered(), SampleEvent.RESUME)).singleElement().satisfies(r -> {
      assertThat(r.sleptFrom()).as("from the announcement").isEqualTo(suspendAt);
      assertThat(r.sleptUntil()).isEqualTo(observedAt);
    });
  }

  @Test
  void closingTheNotifierAfterALockWasReleasedClosesNoOtherFileThatReusedItsNumber() throws Exception {
    collector = new FakeCollector().otherwise(this::answer);
    startAgent(collector.url(), BUDGET);
    logind.prepareForSleep(true);
    await(() -> logind.locksHeldByOthers() == 0, "the agent releases its lock");
    List<java.io.FileOutputStream> files = new ArrayList<>();
    for (int i = 0; i < 8; i++) { // take the freed descriptor numbers, as the spool's next segment would
      files.add(new java.io.FileOutputStream(tmp.resolve("file-" + i).toFile()));
    }
    notifier.close();
    for (java.io.FileOutputStream f : files) {
      f.write(1); // fails with EBADF where closing the connection closed a number twice
      f.getFD().sync();
      f.close();
    }
  }

  @Test
  void aBusWithoutLogindLeavesTheAgentWithoutNotifier() throws Exception {
    logind.close();
    logind = null;
    LogindSleepNotifier lonely = new LogindSleepNotifier(bus.address(), BUDGET);
    assertThatThrownBy(() -> lonely.start(new SleepAnnouncer(null)))
        .isInstanceOf(SleepNotifierUnavailableException.class)
        .hasMessageContaining("systemd-logind does not answer");
  }

  @Test
  void noBusAtTheAddressLeavesTheAgentWithoutNotifier() {
    String nowhere = "unix:path=" + tmp.resolve("no-such-bus");
    LogindSleepNotifier lonely = new LogindSleepNotifier(nowhere, BUDGET);
    assertThatThrownBy(() -> lonely.start(new SleepAnnouncer(null)))
        .isInstanceOf(SleepNotifierUnavailableException.class)
        .hasMessageContaining("no system D-Bus at " + nowhere);
  }

  @Test
  void theBusAddressComesFromTheAgentsVariableThenTheConventionThenTheDefault() {
    assertThat(LogindSleepNotifier.systemBusAddress(Map.of(LogindSleepNotifier.BUS_ADDRESS_ENV, "unix:path=/a",
        "DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/b"))).isEqualTo("unix:path=/a");
    assertThat(LogindSleepNotifier.systemBusAddress(Map.of("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/b")))
        .isEqualTo("unix:path=/b");
    assertThat(LogindSleepNotifier.systemBusAddress(Map.of())).isEqualTo(LogindSleepNotifier.DEFAULT_SYSTEM_BUS);
  }
}
