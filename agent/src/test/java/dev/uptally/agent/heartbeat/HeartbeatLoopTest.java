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
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.SampleEvent;
import dev.uptally.common.protocol.ShutdownReason;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop against a scripted collector on loopback, with a manual clock: no test sleeps. */
class HeartbeatLoopTest {

  private static final long T0 = 1_764_000_000_000L;

  @TempDir Path stateDir;
  private final ManualClock clock = new ManualClock(T0);
  private final FakeCollector collector = new FakeCollector();
  private final FakeHardwareReader hardware = new FakeHardwareReader();
  private final List<Long> requestTimes = new ArrayList<>();
  private volatile int intervalSeconds = 30;
  private volatile boolean collectorUp = true;
  /** A seq the collector refuses with 400 (a sample from the future, say); -1 for none. */
  private volatile long refusedSeq = -1;
  /** When set, every heartbeat request gets this answer (a proxy, a misbehaving collector). */
  private volatile Answer heartbeatAnswer;
  private final AtomicInteger enrollments = new AtomicInteger();
  private final List<HeartbeatBatch> accepted = new ArrayList<>();
  /**
   * When non-negative, the collector de-duplicates as the real one does: it holds seqs up to this, ignores samples
   * at or below it as replays (recording the rest in {@link #applied}) and acknowledges the highest seq it holds.
   */
  private volatile long collectorHolds = -1;
  private final List<Sample> applied = new ArrayList<>();
  private LoopSettings settings = LoopSettings.defaults();
  private IdentityStore identity;
  private Spool spool;
  private HeartbeatLoop loop;

  @AfterEach
  void stop() {
    collector.close();
    if (spool != null) {
      spool.close();
    }
  }

  private HeartbeatLoop start(SpoolLimits limits) throws IOException {
    collector.otherwise(this::answer);
    identity = IdentityStore.open(stateDir);
    spool = Spool.open(stateDir.resolve("spool"), limits, clock);
    SampleRecorder recorder = new SampleRecorder(spool, identity);
    InventoryTracker tracker = new InventoryTracker(identity);
    CollectorClient client = new CollectorClient(collector.url(), null, null, "test");
    Enrollment enrollment = new Enrollment(identity, client, "enroll-secret",
        () -> new Enrollment.DeviceDescription("host-1", DeviceClass.LAPTOP, "UTC", "test", Map.of("site", "hq")),
        hardware::inventory, tracker);
    loop = new HeartbeatLoop(clock, hardware, recorder, enrollment, client, tracker,
        new SleepDetector(Duration.ofSeconds(20)), Backoff.standard(new SplittableRandom(7)), new SplittableRandom(11),
        settings);
    return loop;
  }

  private HeartbeatLoop start() throws IOException {
    return start(SpoolLimits.of(SpoolLimits.DEFAULT_MAX_BYTES, SpoolLimits.DEFAULT_MAX_AGE));
  }

  private Answer answer(FakeCollector.Received r) {
    synchronized (requestTimes) {
      requestTimes.add(clock.millis());
    }
    if (!collectorUp) {
      return Answer.status(503, "{\"error\":\"storage unavailable\"}");
    }
    if (r.path().equals("/v1/enroll")) {
      int n = enrollments.incrementAndGet();
      return Answer.ok("{\"deviceToken\":\"token-" + n + "\",\"clientId\":\"acme\",\"intervalSeconds\":" + intervalSeconds + "}");
    }
    if (heartbeatAnswer != null) {
      return heartbeatAnswer;
    }
    if (!r.authorization().equals("Bearer token-" + enrollments.get())) {
      return Answer.status(401, "{\"error\":\"unknown device token\"}");
    }
    HeartbeatBatch b = Json.mapper().readValue(r.body(), HeartbeatBatch.class);
    if (b.samples().stream().anyMatch(x -> x.seq() == refusedSeq)) {
      return Answer.status(400, "{\"error\":\"samples[0].time is 600 s in the future\"}");
    }
    synchronized (accepted) {
      accepted.add(b);
      if (collectorHolds >= 0) {
        long holds = collectorHolds;
        b.samples().stream().filter(x -> x.seq() > holds).forEach(applied::add);
        long last = b.samples().isEmpty() ? holds : b.samples().get(b.samples().size() - 1).seq();
        collectorHolds = Math.max(holds, last);
        return Answer.ok("{\"ackedSeq\":" + collectorHolds + ",\"intervalSeconds\":" + intervalSeconds + "}");
      }
    }
    long acked = b.samples().isEmpty() ? 0 : b.samples().get(b.samples().size() - 1).seq();
    return Answer.ok("{\"ackedSeq\":" + acked + ",\"intervalSeconds\":" + intervalSeconds + "}");
  }

  /** Steps the loop, advancing the manual clock by each returned wait, for {@code total} of clock time. */
  private void run(Duration total) {
    long end = clock.nanoTime() + total.toNanos();
    while (clock.nanoTime() < end) {
      Duration wait = loop.step();
      clock.advance(wait.isZero() ? Duration.ofMillis(1) : wait);
    }
  }

  /** Batches the collector accepted (answered 200). */
  private List<HeartbeatBatch> batches() {
    synchronized (accepted) {
      return List.copyOf(accepted);
    }
  }

  private List<Sample> delivered() {
    return batches().stream().flatMap(b -> b.samples().stream()).toList();
  }

  @Test
  void firstStepEnrollsAndDeliversAStartupSampleWithBootTimeAndInventory() throws IOException {
    start().step();

    EnrollRequest enroll = Json.mapper().readValue(collector.received().get(0).body(), EnrollRequest.class);
    assertThat(enroll.deviceId()).isEqualTo(identity.deviceId());
    assertThat(enroll.deviceClass()).isEqualTo("laptop");
    assertThat(enroll.inventory()).isEqualTo(hardware.inventory);
    assertThat(collector.received().get(0).authorization()).isEqualTo("Bearer enroll-secret");

    Sample startup = delivered().get(0);
    assertThat(startup.event()).isEqualTo(SampleEvent.STARTUP);
    assertThat(startup.seq()).isEqualTo(1);
    assertThat(startup.bootTime()).isEqualTo(FakeHardwareReader.BOOT_MILLIS);
    assertThat(startup.time()).isEqualTo(T0);
    assertThat(batches().get(0).sentAt()).isEqualTo(T0);
    assertThat(batches().get(0).droppedSamples()).isZero();
    assertThat(spool.pending(10)).isEmpty();
  }

  @Test
  void heartbeatsFollowTheCollectorsIntervalWithJitter() throws IOException {
    intervalSeconds = 10;
    start();
    run(Duration.ofMinutes(10));

    List<Sample> samples = delivered();
    assertThat(samples).hasSizeBetween(55, 66); // 600 s / 10 s, ±10 % jitter
    assertThat(samples.stream().map(Sample::seq).toList())
        .isEqualTo(LongStream.rangeClosed(1, samples.size()).boxed().toList());
    for (int i = 2; i < samples.size(); i++) {
      assertThat(samples.get(i).time() - samples.get(i - 1).time()).isBetween(8_900L, 11_100L);
    }
    assertThat(batches()).allSatisfy(b -> assertThat(b.sentAt()).isNotNull());
  }

  @Test
  void collectorOutageIsSpooledAndReplayedInOrderWithBackoff() throws IOException {
    start();
    run(Duration.ofMinutes(1));
    collectorUp = false;
    int before = requestTimes.size();
    run(Duration.ofMinutes(15));
    int attemptsWhileDown = requestTimes.size() - before;
    assertThat(spool.pending(1000)).hasSizeGreaterThan(25);
    assertThat(attemptsWhileDown).as("backoff, not a request per heartbeat").isLessThan(25).isPositive();

    collectorUp = true;
    run(Duration.ofMinutes(6)); // longer than the backoff cap
    List<Long> seqs = delivered().stream().map(Sample::seq).toList();
    assertThat(seqs).isEqualTo(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
    assertThat(seqs.size()).isGreaterThan(40);
    assertThat(spool.pending(1000)).isEmpty();
  }

  /**
   * The server's VM was reverted to a snapshot after a bad patch: the agent's state is older than what the collector
   * holds (seqs up to 5000 from the life that was rolled back). Its spooled samples and the startup of the new boot
   * would be taken for replays and ignored; they are renumbered above 5000 and every one reaches the collector.
   */
  @Test
  void samplesOfAnAgentWhoseStateWasRestoredFromAnOlderCopyAreRenumberedNotLost() throws IOException {
    start();
    run(Duration.ofMinutes(1));
    collectorUp = false;
    run(Duration.ofMinutes(5)); // samples wait in the spool, as after the revert while the network came up
    List<Sample> waiting = spool.pending(1000);
    assertThat(waiting).hasSizeGreaterThan(5);
    synchronized (accepted) {
      collectorHolds = 5000;
    }
    collectorUp = true;
    run(Duration.ofMinutes(6));

    List<Sample> got;
    synchronized (accepted) {
      got = List.copyOf(applied);
    }
    assertThat(got.stream().map(Sample::time).toList()).as("every waiting sample applied, in order")
        .containsSequence(waiting.stream().map(Sample::time).toList());
    assertThat(got.get(0).seq()).isEqualTo(5001);
    assertThat(got.stream().map(Sample::seq).toList()).as("continuous above what the collector held")
        .isEqualTo(LongStream.rangeClosed(5001, 5000 + got.size()).boxed().toList());
    assertThat(got.get(0).health()).isEqualTo(waiting.get(0).health());
    assertThat(spool.pending(1000)).isEmpty();
    assertThat(spool.droppedSamples()).isZero();
  }

  @Test
  void oneSampleTheCollectorRefusesIsDroppedAndCountedInsteadOfBlockingTheSpool() throws IOException {
    start();
    run(Duration.ofMinutes(1));
    collectorUp = false;
    run(Duration.ofMinutes(5)); // ten samples wait in the spool
    List<Sample> waiting = spool.pending(1000);
    assertThat(waiting).hasSizeGreaterThan(5);
    refusedSeq = waiting.get(3).seq();
    collectorUp = true;
    run(Duration.ofMinutes(6));
    List<Long> seqs = delivered().stream().map(Sample::seq).toList();
    assertThat(seqs).doesNotContain(refusedSeq).contains(refusedSeq - 1, refusedSeq + 1);
    assertThat(seqs).isSorted();
    assertThat(spool.pending(1000)).isEmpty();
    assertThat(spool.droppedSamples()).isEqualTo(1);
    List<HeartbeatBatch> all = batches();
    assertThat(all.get(all.size() - 1).droppedSamples()).as("reported to the collector").isEqualTo(1);
    assertThat(all.get(all.size() - 1).samples()).as("back to full batches afterwards").isNotEmpty();
  }

  @Test
  void retryAfterIsHonoured() throws IOException {
    start().step();
    collector.enqueue(new Answer(429, "{\"error\":\"slow down\"}", Map.of("Retry-After", "120")));
    run(Duration.ofSeconds(40)); // next heartbeat is sent and refused
    long refusedAt = requestTimes.get(requestTimes.size() - 1);
    int count = requestTimes.size();
    run(Duration.ofSeconds(150));
    assertThat(requestTimes.size()).isGreaterThan(count);
    assertThat(requestTimes.get(count) - refusedAt).isGreaterThanOrEqualTo(120_000);
  }

  @Test
  void retryAfterOfAYearIsCappedAtFiveMinutes() throws IOException {
    start().step();
    collector.enqueue(new Answer(503, "{\"error\":\"maintenance\"}", Map.of("Retry-After", "31536000")));
    run(Duration.ofSeconds(40));
    long refusedAt = requestTimes.get(requestTimes.size() - 1);
    int count = requestTimes.size();
    run(Duration.ofMinutes(6));
    assertThat(requestTimes.size()).as("sending resumed within the cap").isGreaterThan(count);
    // the cap, plus at most one heartbeat interval (with jitter) until the loop next sends
    assertThat(requestTimes.get(count) - refusedAt).isBetween(60_000L, 5 * 60_000L + 35_000);
  }

  @Test
  void unauthorizedReenrollsWithTheSameDeviceIdAndDeliversEverything() throws IOException {
    start().step();
    String oldToken = identity.token().orElseThrow().value();
    collector.enqueue(Answer.status(401, "{\"error\":\"token revoked\"}"));
    run(Duration.ofSeconds(40));

    List<EnrollRequest> enrolls = collector.received().stream().filter(r -> r.path().equals("/v1/enroll"))
        .map(r -> Json.mapper().readValue(r.body(), EnrollRequest.class)).toList();
    assertThat(enrolls).hasSize(2).allSatisfy(e -> assertThat(e.deviceId()).isEqualTo(identity.deviceId()));
    assertThat(identity.token().orElseThrow().value()).isNotEqualTo(oldToken);
    assertThat(spool.pending(10)).isEmpty();
    assertThat(delivered().stream().map(Sample::seq)).containsExactly(1L, 2L);
  }

  @Test
  void wakingFromSleepRecordsAResumeSampleAtOnce() throws IOException {
    start();
    run(Duration.ofMinutes(1));
    long lastSeen = clock.millis();
    loop.step();
    clock.sleep(Duration.ofHours(3));
    loop.step();

    Sample resume = delivered().get(delivered().size() - 1);
    assertThat(resume.event()).isEqualTo(SampleEvent.RESUME);
    assertThat(resume.sleptFrom()).isEqualTo(lastSeen);
    assertThat(resume.sleptUntil()).isEqualTo(clock.millis());
    assertThat(resume.bootTime()).isEqualTo(FakeHardwareReader.BOOT_MILLIS);
  }

  @Test
  void shutdownSampleIsDeliveredWithItsReason() throws IOException {
    start();
    run(Duration.ofMinutes(1));
    Sample s = loop.shutdown(ShutdownReason.OS, Duration.ofSeconds(2));
    Sample last = delivered().get(delivered().size() - 1);
    assertThat(last).isEqualTo(s);
    assertThat(last.event()).isEqualTo(SampleEvent.SHUTDOWN);
    assertThat(last.reason()).isEqualTo(ShutdownReason.OS);
  }

  @Test
  void shutdownSampleStaysSpooledWhenTheCollectorIsDown() throws IOException {
    start();
    run(Duration.ofMinutes(1));
    collectorUp = false;
    Sample s = loop.shutdown(ShutdownReason.AGENT, Duration.ofSeconds(2));
    assertThat(spool.pending(10)).containsExactly(s);
  }

  @Test
  void inventoryIsSentOnlyWhenItChanges() throws IOException {
    LoopSettings d = LoopSettings.defaults();
    settings = new LoopSettings(d.initialInterval(), d.jitterFraction(), d.maxBatchSamples(), d.maxBatchesPerRound(),
        d.requestTimeout(), d.wakeAtLeastEvery(), Duration.ofMinutes(10));
    start();
    run(Duration.ofMinutes(30));
    assertThat(delivered()).filteredOn(x -> x.inventory() != null).hasSize(1);

    hardware.inventory = new Inventory(hardware.inventory.os(), hardware.inventory.hardware(), hardware.inventory.cpu(),
        32L << 30, hardware.inventory.drives(), hardware.inventory.network());
    run(Duration.ofMinutes(30));
    List<Sample> withInventory = delivered().stream().filter(x -> x.inventory() != null).toList();
    assertThat(withInventory).hasSize(2);
    assertThat(withInventory.get(1).inventory().memoryBytes()).isEqualTo(32L << 30);
  }

  @Test
  void inventoryUnchangedAcrossARestartIsNotResent() throws IOException {
    start().step();
    spool.close();
    int before = delivered().size();
    start().step();
    List<Sample> afterRestart = delivered().subList(before, delivered().size());
    assertThat(afterRestart).first().satisfies(x -> {
      assertThat(x.event()).isEqualTo(SampleEvent.STARTUP);
      assertThat(x.inventory()).isNull();
      assertThat(x.seq()).isEqualTo(2);
    });
  }

  @Test
  void fullSpoolDuringAnOutageReportsDroppedSamplesAndKeepsEvents() throws IOException {
    start(new SpoolLimits(16 * 1024, Duration.ofDays(35), 2048));
    run(Duration.ofSeconds(10));
    collectorUp = false;
    run(Duration.ofHours(2)); // ~240 heartbeats of ~400 bytes: far more than 16 KiB
    clock.sleep(Duration.ofHours(1));
    run(Duration.ofSeconds(10)); // resume event while still down
    collectorUp = true;
    run(Duration.ofMinutes(6));

    List<HeartbeatBatch> batches = batches();
    HeartbeatBatch last = batches.get(batches.size() - 1);
    assertThat(last.droppedSamples()).isPositive();
    List<Sample> got = delivered();
    assertThat(got).filteredOn(x -> x.event() == SampleEvent.RESUME).hasSize(1);
    long highest = got.get(got.size() - 1).seq();
    assertThat(got.size() + last.droppedSamples()).as("every seq delivered or counted").isEqualTo(highest);
  }

  private long heartbeatRequests() {
    return collector.received().stream().filter(r -> r.path().equals("/v1/heartbeats")).count();
  }

  @Test
  void aBadRequestThatNamesNoSampleKeepsTheWholeSpool() throws IOException {
    start();
    run(Duration.ofMinutes(1));
    collectorUp = false;
    run(Duration.ofMinutes(5));
    List<Sample> waiting = spool.pending(1000);
    assertThat(waiting).hasSizeGreaterThan(5);
    // e.g. nginx when the agent speaks plain HTTP to its TLS port: not the collector refusing a sample
    heartbeatAnswer = new Answer(400, "<html><body>400 The plain HTTP request was sent to HTTPS port</body></html>",
        Map.of());
    collectorUp = true;
    run(Duration.ofMinutes(10));
    assertThat(spool.droppedSamples()).isZero();
    assertThat(spool.pending(1000)).startsWith(waiting.toArray(Sample[]::new));
  }

  @Test
  void retryAfterOfZeroDoesNotMakeTheAgentSpin() throws IOException {
    start().step();
    heartbeatAnswer = new Answer(429, "{\"error\":\"slow down\"}", Map.of("Retry-After", "0"));
    long before = heartbeatRequests();
    run(Duration.ofSeconds(40)); // the next heartbeat (~30 s) is refused, then retried for ~10 s
    assertThat(heartbeatRequests() - before).as("at most one attempt per backoff floor (1 s)").isLessThanOrEqualTo(15);
  }

  @Test
  void theRestOfABacklogGoesOutInFullBatchesOnceTheRefusedSampleAtItsStartIsDropped() throws IOException {
    List<Sample> waiting = replayBacklogRefusing(0);
    assertThat(delivered().stream().map(Sample::seq)).doesNotContain(refusedSeq)
        .contains(refusedSeq + 1, waiting.get(waiting.size() - 1).seq());
  }

  /**
   * An hour's backlog (over 100 samples) is replayed while the collector refuses the one at {@code index} (negative:
   * from the end). Checks that only it is dropped, in fewer than 40 requests; returns the backlog.
   */
  private List<Sample> replayBacklogRefusing(int index) throws IOException {
    start();
    run(Duration.ofMinutes(1));
    collectorUp = false;
    run(Duration.ofMinutes(60));
    List<Sample> waiting = spool.pending(1000);
    assertThat(waiting).hasSizeGreaterThan(100);
    refusedSeq = waiting.get(index >= 0 ? index : waiting.size() + index).seq();
    collectorUp = true;
    long before = heartbeatRequests();
    run(Duration.ofMinutes(6));
    assertThat(spool.droppedSamples()).isEqualTo(1);
    assertThat(heartbeatRequests() - before).as("requests to isolate one refused sample among " + waiting.size())
        .isLessThan(40);
    return waiting;
  }

  @Test
  void findingTheRefusedSampleAtTheEndOfABacklogTakesFewRequests() throws IOException {
    replayBacklogRefusing(-1);
    assertThat(delivered().stream().map(Sample::seq)).contains(refusedSeq - 1).doesNotContain(refusedSeq);
  }

  @Test
  void aSensorThatFailsDoesNotSilenceTheDevice() throws IOException {
    start();
    run(Duration.ofMinutes(1));
    int before = delivered().size();
    hardware.healthFailure = new IllegalStateException("sensor read failed");
    runLikeTheRunner(Duration.ofMinutes(5));
    List<Sample> after = delivered().subList(before, delivered().size());
    assertThat(after).as("heartbeats still reach the collector, without health").hasSizeGreaterThan(8)
        .allSatisfy(x -> assertThat(x.health()).isNull());
  }

  /** Like {@link #run}, but a step that throws is retried after the interval, as {@link HeartbeatRunner} does. */
  private void runLikeTheRunner(Duration total) {
    long end = clock.nanoTime() + total.toNanos();
    while (clock.nanoTime() < end) {
      Duration wait;
      try {
        wait = loop.step();
      } catch (RuntimeException e) {
        wait = loop.interval();
      }
      clock.advance(wait.isZero() ? Duration.ofMillis(1) : wait);
    }
  }

  @Test
  void whenNewSamplesCannotBeSpooledTheBacklogStillGoesOut() throws IOException {
    start(new SpoolLimits(1 << 20, Duration.ofDays(35), 1024));
    run(Duration.ofSeconds(10));
    collectorUp = false;
    run(Duration.ofMinutes(10));
    Path spoolDir = stateDir.resolve("spool");
    while (java.nio.file.Files.size(newestSegment(spoolDir)) < 1024) { // until the next append needs a new file
      run(Duration.ofSeconds(5));
    }
    List<Sample> backlog = spool.pending(1000);
    // the next segment cannot be created (as on a full disk): recording a sample fails from now on
    long next = spool.lastSeq().orElseThrow() + 1;
    java.nio.file.Files.createDirectories(spoolDir.resolve(String.format("segment-%020d.log", next)).resolve("x"));
    collectorUp = true;
    runLikeTheRunner(Duration.ofMinutes(10));
    assertThat(delivered()).as("the spooled backlog").containsSubsequence(backlog);
    assertThat(spool.pending(1000)).isEmpty();
  }

  private static Path newestSegment(Path spoolDir) throws IOException {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(spoolDir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().reduce((a, b) -> b)
          .orElseThrow();
    }
  }

  @Test
  void anInventoryChangeSpooledDuringAnOutageIsNotLostToTheSpoolBound() throws IOException {
    LoopSettings d = LoopSettings.defaults();
    settings = new LoopSettings(d.initialInterval(), d.jitterFraction(), d.maxBatchSamples(), d.maxBatchesPerRound(),
        d.requestTimeout(), d.wakeAtLeastEvery(), Duration.ofMinutes(10));
    start(new SpoolLimits(16 * 1024, Duration.ofDays(35), 2048));
    run(Duration.ofSeconds(10));
    collectorUp = false;
    hardware.inventory = new Inventory(hardware.inventory.os(), hardware.inventory.hardware(), hardware.inventory.cpu(),
        32L << 30, hardware.inventory.drives(), hardware.inventory.network());
    run(Duration.ofHours(2)); // the heartbeat carrying the new inventory is among the oldest: the bound drops them
    collectorUp = true;
    run(Duration.ofMinutes(20));
    assertThat(spool.droppedSamples()).isPositive();
    assertThat(delivered()).as("the collector learns of the new inventory")
        .anySatisfy(x -> assertThat(x.inventory()).isNotNull().extracting(Inventory::memoryBytes).isEqualTo(32L << 30));
  }

  @Test
  void anInventoryThatCannotBeReadDoesNotKeepTheStartupAndHeartbeatsFromBeingRecorded() throws IOException {
    start().step();
    spool.close();
    int before = delivered().size();
    hardware.inventoryFailure = new IllegalStateException("cannot list the drives");
    start();
    runLikeTheRunner(Duration.ofMinutes(5));
    List<Sample> afterRestart = delivered().subList(before, delivered().size());
    assertThat(afterRestart).first().satisfies(x -> assertThat(x.event()).isEqualTo(SampleEvent.STARTUP));
    assertThat(afterRestart).hasSizeGreaterThan(8);
  }
}
