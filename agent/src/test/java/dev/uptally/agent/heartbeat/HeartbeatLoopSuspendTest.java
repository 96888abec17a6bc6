package dev.uptally.agent.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.agent.events.SleepDetector;
import dev.uptally.agent.hardware.FakeHardwareReader;
import dev.uptally.agent.identity.IdentityStore;
import dev.uptally.agent.spool.SampleRecorder;
import dev.uptally.agent.spool.Spool;
import dev.uptally.agent.spool.SpoolLimits;
import dev.uptally.agent.testing.FakeCollector;
import dev.uptally.agent.testing.FakeCollector.Answer;
import dev.uptally.agent.testing.ManualClock;
import dev.uptally.agent.transport.CollectorClient;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.SampleEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop's side of announced sleep, on every OS: {@code suspend} and {@code resume} samples, heartbeats held back
 * while the OS goes to sleep, and one {@code resume} per sleep whichever of notifier and clock gap sees it first.
 */
class HeartbeatLoopSuspendTest {

  private static final long T0 = 1_764_000_000_000L;
  private static final Duration BUDGET = Duration.ofSeconds(3);

  @TempDir Path stateDir;
  private final ManualClock clock = new ManualClock(T0);
  private final FakeCollector collector = new FakeCollector();
  private final List<Sample> delivered = new ArrayList<>();
  /** While set, heartbeat requests wait for it: a collector that is slow to answer. */
  private volatile CountDownLatch collectorStalls;
  private Spool spool;
  private HeartbeatLoop loop;

  @BeforeEach
  void start() throws Exception {
    collector.otherwise(this::answer);
    IdentityStore identity = IdentityStore.open(stateDir);
    spool = Spool.open(stateDir.resolve("spool"), SpoolLimits.of(SpoolLimits.DEFAULT_MAX_BYTES,
        SpoolLimits.DEFAULT_MAX_AGE), clock);
    SampleRecorder recorder = new SampleRecorder(spool, identity);
    InventoryTracker tracker = new InventoryTracker(identity);
    CollectorClient client = new CollectorClient(collector.url(), null, null, "test");
    FakeHardwareReader hardware = new FakeHardwareReader();
    Enrollment enrollment = new Enrollment(identity, client, "enroll-secret",
        () -> new Enrollment.DeviceDescription("host-1", DeviceClass.LAPTOP, "UTC", "test", Map.of()),
        hardware::inventory, tracker);
    LoopSettings d = LoopSettings.defaults();
    loop = new HeartbeatLoop(clock, hardware, recorder, enrollment, client, tracker,
        new SleepDetector(Duration.ofSeconds(20)), Backoff.standard(new SplittableRandom(7)), new SplittableRandom(11),
        new LoopSettings(d.initialInterval(), 0, d.maxBatchSamples(), d.maxBatchesPerRound(), d.requestTimeout(),
            d.wakeAtLeastEvery(), d.inventoryEvery()));
    loop.step(); // startup, at T0; the next heartbeat is due at T0 + 30 s
  }

  @AfterEach
  void stop() {
    collector.close();
    spool.close();
  }

  private Answer answer(FakeCollector.Received r) {
    if (r.path().equals("/v1/enroll")) {
      return Answer.ok("{\"deviceToken\":\"t1\",\"clientId\":\"acme\",\"intervalSeconds\":30}");
    }
    CountDownLatch stall = collectorStalls;
    if (stall != null) {
      try {
        stall.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    HeartbeatBatch b = Json.mapper().readValue(r.body(), HeartbeatBatch.class);
    synchronized (delivered) {
      delivered.addAll(b.samples());
    }
    return Answer.ok("{\"ackedSeq\":" + b.samples().get(b.samples().size() - 1).seq() + ",\"intervalSeconds\":30}");
  }

  private List<Sample> delivered(SampleEvent event) {
    synchronized (delivered) {
      return delivered.stream().filter(s -> s.event() == event).toList();
    }
  }

  private long heartbeatsDelivered() {
    synchronized (delivered) {
      return delivered.stream().filter(s -> s.event() == null).count();
    }
  }

  @Test
  void theSuspendSampleIsSpooledAndSentAtOnceWithTheHealth() {
    clock.advance(Duration.ofSeconds(12));
    Sample s = loop.suspend(BUDGET);
    assertThat(s.event()).isEqualTo(SampleEvent.SUSPEND);
    assertThat(s.time()).isEqualTo(T0 + 12_000);
    assertThat(s.health()).isNotNull();
    assertThat(delivered(SampleEvent.SUSPEND)).containsExactly(s);
    assertThat(spool.pending(10)).as("acknowledged").isEmpty();
  }

  @Test
  void heartbeatsWaitWhileTheOsGoesToSleepThenCarryOnIfItDidNot() {
    clock.advance(Duration.ofSeconds(29));
    loop.suspend(BUDGET);
    clock.advance(Duration.ofSeconds(2));
    loop.step();
    assertThat(heartbeatsDelivered()).as("due, but the OS is going to sleep").isZero();
    clock.advance(AnnouncedSleep.QUIET);
    loop.step();
    assertThat(heartbeatsDelivered()).as("the sleep never came: heartbeats again").isEqualTo(1);
  }

  @Test
  void theWakeUpRecordsOneResumeFromTheSuspendToTheWakeAndTheClockGapAddsNone() {
    clock.advance(Duration.ofSeconds(5));
    long suspendAt = loop.suspend(BUDGET).time();
    clock.sleep(Duration.ofHours(8));
    long wokeAt = clock.millis();

    Optional<Sample> resume = loop.woke();
    clock.advance(Duration.ofSeconds(1));
    loop.step();
    clock.advance(Duration.ofSeconds(30));
    loop.step();

    assertThat(resume).hasValueSatisfying(r -> {
      assertThat(r.sleptFrom()).isEqualTo(suspendAt);
      assertThat(r.sleptUntil()).isEqualTo(wokeAt);
    });
    assertThat(delivered(SampleEvent.RESUME)).containsExactly(resume.get());
    assertThat(heartbeatsDelivered()).isEqualTo(1);
  }

  @Test
  void whenTheClockGapSeesTheSleepFirstItStartsAtTheSuspendAndTheWakeUpAddsNone() {
    long suspendAt = loop.suspend(BUDGET).time();
    clock.sleep(Duration.ofHours(1));
    long seenAt = clock.millis();
    loop.step();

    assertThat(loop.woke()).as("already reported").isEmpty();
    assertThat(delivered(SampleEvent.RESUME)).singleElement().satisfies(r -> {
      assertThat(r.sleptFrom()).isEqualTo(suspendAt);
      assertThat(r.sleptUntil()).isEqualTo(seenAt);
    });
  }

  @Test
  void aWakeUpWithoutAnnouncementRecordsNothing() {
    assertThat(loop.woke()).isEmpty();
    assertThat(delivered(SampleEvent.RESUME)).isEmpty();
  }

  @Test
  void anAnnouncementLongBeforeAClockGapIsNotThatSleep() {
    long suspendAt = loop.suspend(BUDGET).time();
    for (int i = 0; i < 10; i++) { // the sleep never came; five minutes awake, observed as the loop does
      clock.advance(Duration.ofSeconds(30));
      loop.step();
    }
    long lastSeen = clock.millis();
    clock.sleep(Duration.ofHours(1));
    loop.step();

    assertThat(delivered(SampleEvent.RESUME)).singleElement().satisfies(r -> {
      assertThat(r.sleptFrom()).as("from the gap, not the stale announcement").isEqualTo(lastSeen)
          .isNotEqualTo(suspendAt);
    });
  }

  @Test
  void aSuspendDuringASlowSendIsStillSpooledWithinTheBudget() throws Exception {
    collectorStalls = new CountDownLatch(1);
    clock.advance(Duration.ofSeconds(30));
    // this step's request, not one sent before it (which let the suspend find the lock free: a flake in CI)
    long sentBefore = heartbeatsReceived();
    Thread heartbeat = new Thread(loop::step, "heartbeat");
    heartbeat.start();
    while (heartbeatsReceived() == sentBefore) {
      Thread.sleep(5); // bounded by the fake collector answering; until the step's send is in flight
    }

    Sample s = loop.suspend(Duration.ofMillis(300));
    // the step's send is held until the collector is let go below: a suspend that waited for the step would not
    // have returned while it is still in flight (a wall-clock bound here failed once in CI: the spool's fsync on a
    // loaded disk took 219 ms after the 100 ms wait for the lock)
    boolean stepInFlight = heartbeat.isAlive();
    collectorStalls.countDown();
    heartbeat.join(10_000);

    assertThat(stepInFlight).as("did not wait for the step").isTrue();
    assertThat(s.event()).isEqualTo(SampleEvent.SUSPEND);
    assertThat(s.health()).as("the hardware is the step's while it runs").isNull();
    assertThat(delivered(SampleEvent.SUSPEND)).as("recorded, and sent by the step's next request")
        .containsExactly(s);
  }

  private long heartbeatsReceived() {
    return collector.received().stream().filter(r -> r.path().equals("/v1/heartbeats")).count();
  }
}
