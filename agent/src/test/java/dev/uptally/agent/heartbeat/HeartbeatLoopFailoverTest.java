package dev.uptally.agent.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.agent.events.SleepDetector;
import dev.uptally.agent.hardware.FakeHardwareReader;
import dev.uptally.agent.identity.IdentityStore;
import dev.uptally.agent.spool.SampleRecorder;
import dev.uptally.agent.spool.Spool;
import dev.uptally.agent.spool.SpoolLimits;
import dev.uptally.agent.testing.FakeCollector.Answer;
import dev.uptally.agent.testing.FakeCollector;
import dev.uptally.agent.testing.LogCapture;
import dev.uptally.agent.testing.ManualClock;
import dev.uptally.agent.transport.CollectorClient;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop with two collector URLs (DESIGN.md, Scale-out): real loopback servers that share one store, as an active
 * collector and its standby share PostgreSQL, so a replay to the other one is recognised; a manual clock, no sleeps.
 */
class HeartbeatLoopFailoverTest {

  private static final long T0 = 1_764_000_000_000L;
  private static final Answer STANDBY = new Answer(503, "{\"error\":\"standby: another collector holds the lease\"}",
      Map.of("Retry-After", "120"));

  @TempDir Path stateDir;
  private final ManualClock clock = new ManualClock(T0);
  private final FakeHardwareReader hardware = new FakeHardwareReader();
  private final SharedStore store = new SharedStore();
  private final LogCapture switches = new LogCapture(CollectorClient.class.getPackageName() + ".CollectorUrls");
  private final List<Site> sites = new ArrayList<>();
  private Spool spool;
  private CollectorClient client;
  private HeartbeatLoop loop;

  @AfterEach
  void stop() {
    sites.forEach(Site::stop);
    switches.close();
    if (spool != null) {
      spool.close();
    }
  }

  /** What the collectors behind the URLs share: device tokens and the seqs applied (replays ignored, as the real one). */
  private static final class SharedStore {
    private int enrollments;
    private long holds;
    private final List<Long> applied = new ArrayList<>();

    synchronized Answer enroll() {
      enrollments++;
      return Answer.ok("{\"deviceToken\":\"token-" + enrollments + "\",\"clientId\":\"acme\",\"intervalSeconds\":30}");
    }

    synchronized boolean knows(String authorization) {
      return ("Bearer token-" + enrollments).equals(authorization);
    }

    synchronized long apply(HeartbeatBatch b) {
      for (Sample s : b.samples()) {
        if (s.seq() > holds) {
          applied.add(s.seq());
          holds = s.seq();
        }
      }
      return holds;
    }

    synchronized List<Long> applied() {
      return List.copyOf(applied);
    }
  }

  /** One collector process: its server (none while it is down), how it answers, and when it was asked (clock ms). */
  private final class Site {
    final URI url;
    private FakeCollector server;
    volatile Answer refusal;
    volatile boolean hangUpAfterNextBatch;
    volatile boolean hungUp;
    final List<Long> requestTimes = new ArrayList<>();
    final List<HeartbeatBatch> batches = new ArrayList<>();

    Site(URI url) {
      this.url = url;
      sites.add(this);
    }

    Site up() {
      server = new FakeCollector(url.getPort()).otherwise(this::answer);
      return this;
    }

    void stop() {
      if (server != null) {
        server.close();
        server = null;
      }
    }

    private Answer answer(FakeCollector.Received r) {
      synchronized (this) {
        requestTimes.add(clock.millis());
      }
      if (refusal != null) {
        return refusal;
      }
      if (r.path().equals("/v1/enroll")) {
        return store.enroll();
      }
      if (!store.knows(r.authorization())) {
        return Answer.status(401, "{\"error\":\"unknown device token\"}");
      }
      HeartbeatBatch b = Json.mapper().readValue(r.body(), HeartbeatBatch.class);
      long holds = store.apply(b);
      synchronized (this) {
        batches.add(b);
      }
      if (hangUpAfterNextBatch) { // applied and durable, but the ack never reaches the agent
        hangUpAfterNextBatch = false;
        hungUp = true;
        return Answer.hangUp();
      }
      return Answer.ok("{\"ackedSeq\":" + holds + ",\"intervalSeconds\":30}");
    }

    synchronized List<Long> requestTimes() {
      return List.copyOf(requestTimes);
    }

    synchronized List<Long> seqsReceived() {
      return batches.stream().flatMap(b -> b.samples().stream()).map(Sample::seq).toList();
    }
  }

  /** A collector on a free loopback port, not running yet: connecting to it is refused until {@link Site#up()}. */
  private Site down() {
    return new Site(FakeCollector.closedPort());
  }

  private Site running() {
    return down().up();
  }

  private void start(Site... order) throws IOException {
    IdentityStore identity = IdentityStore.open(stateDir);
    spool = Spool.open(stateDir.resolve("spool"), SpoolLimits.of(SpoolLimits.DEFAULT_MAX_BYTES,
        SpoolLimits.DEFAULT_MAX_AGE), clock);
    InventoryTracker tracker = new InventoryTracker(identity);
    List<URI> urls = java.util.Arrays.stream(order).map(s -> s.url).toList();
    client = new CollectorClient(urls, null, null, "test", clock);
    Enrollment enrollment = new Enrollment(identity, client, "enroll-secret",
        () -> new Enrollment.DeviceDescription("host-1", DeviceClass.SERVER, "UTC", "test", Map.of()),
        hardware::inventory, tracker);
    loop = new HeartbeatLoop(clock, hardware, new SampleRecorder(spool, identity), enrollment, client, tracker,
        new SleepDetector(Duration.ofSeconds(20)), Backoff.standard(new SplittableRandom(7)), new SplittableRandom(11),
        LoopSettings.defaults());
  }

  /** Steps the loop, advancing the manual clock by each returned wait, for {@code total} of clock time. */
  private void run(Duration total) {
    long end = clock.nanoTime() + total.toNanos();
    while (clock.nanoTime() < end) {
      step();
    }
  }

  private void step() {
    Duration wait = loop.step();
    clock.advance(wait.isZero() ? Duration.ofMillis(1) : wait);
  }

  private static List<Long> oneToN(int n) {
    return LongStream.rangeClosed(1, n).boxed().toList();
  }

  private long switchLines() {
    return switches.visible().stream().filter(l -> l.contains("unreachable")).count();
  }

  @Test
  void aUrlThatRefusesConnectionsIsPassedOverAndEverySampleIsAckedExactlyOnce() throws IOException {
    Site refusing = down();
    Site working = running();
    start(refusing, working);
    run(Duration.ofMinutes(10));

    List<Long> applied = store.applied();
    assertThat(applied).hasSizeGreaterThan(15).isEqualTo(oneToN(applied.size()));
    assertThat(working.seqsReceived()).as("each sample sent once, acked once").isEqualTo(applied);
    assertThat(working.requestTimes().get(0)).as("the enrollment went there too, at once").isEqualTo(T0);
    assertThat(spool.pending(1000)).isEmpty();
    assertThat(client.currentUrl()).isEqualTo(working.url);
    assertThat(switches.visible()).containsExactly("collector " + refusing.url
        + " unreachable (ConnectException: Connection refused); trying " + working.url);
  }

  @Test
  void aStandbyAnswering503WithRetryAfterIsLeftForTheNextUrlAtOnce() throws IOException {
    Site standby = running();
    standby.refusal = STANDBY;
    Site active = running();
    start(standby, active);
    loop.step();
    assertThat(standby.requestTimes()).containsExactly(T0);
    assertThat(active.requestTimes()).as("enrolled and sent the startup sample without waiting the 120 s")
        .containsExactly(T0, T0);
    assertThat(store.applied()).containsExactly(1L);

    run(Duration.ofMinutes(10));
    assertThat(standby.requestTimes()).as("the agent sticks to the URL that works").hasSize(1);
    assertThat(store.applied()).isEqualTo(oneToN(store.applied().size())).hasSizeGreaterThan(15);
    assertThat(spool.pending(1000)).isEmpty();
  }

  @Test
  void aStandbyIsNotAskedAgainBeforeItsRetryAfterEndsEvenWhenTheOtherUrlFails() throws IOException {
    Site standby = running();
    standby.refusal = STANDBY;
    Site active = running();
    start(standby, active);
    run(Duration.ofSeconds(40)); // the startup sample and one heartbeat reach the active collector
    active.refusal = Answer.status(503, "{\"error\":\"storage unavailable\"}");
    run(Duration.ofSeconds(20));
    standby.refusal = null; // it took the lease over at T0 + 60 s
    run(Duration.ofMinutes(5));

    List<Long> toStandby = standby.requestTimes();
    assertThat(toStandby).hasSizeGreaterThan(2);
    assertThat(toStandby.get(1) - T0).as("asked again only after its Retry-After").isGreaterThanOrEqualTo(120_000);
    List<Long> applied = store.applied();
    assertThat(applied).isEqualTo(oneToN(applied.size())).hasSizeGreaterThan(10);
    assertThat(spool.pending(1000)).isEmpty();
    assertThat(client.currentUrl()).isEqualTo(standby.url);
  }

  @Test
  void whenTheWorkingCollectorDiesMidStreamTheAgentGoesBackToTheFirstAndTheSpoolDeliversEverySampleOnce()
      throws IOException {
    Site first = down();
    Site second = running();
    start(first, second);
    run(Duration.ofMinutes(3));
    assertThat(first.requestTimes()).isEmpty();

    // the second collector applies the next batch, then dies before its ack reaches the agent
    second.hangUpAfterNextBatch = true;
    for (int i = 0; i < 10_000 && !second.hungUp; i++) {
      step();
    }
    assertThat(second.hungUp).isTrue();
    second.stop();
    List<Long> lostAck = second.batches.get(second.batches.size() - 1).samples().stream().map(Sample::seq).toList();
    run(Duration.ofMinutes(5)); // neither answers: the agent spools and backs off
    assertThat(spool.pending(1000)).hasSizeGreaterThan(lostAck.size() + 5);

    first.up();
    run(Duration.ofMinutes(6)); // longer than the backoff cap
    List<Long> applied = store.applied();
    assertThat(applied).as("every sample applied once, in seq order, no gap").isEqualTo(oneToN(applied.size()))
        .hasSizeGreaterThan(25);
    assertThat(first.seqsReceived()).as("the unacknowledged batch is sent again, to the first collector")
        .startsWith(lostAck.toArray(Long[]::new));
    assertThat(first.seqsReceived()).isSorted().doesNotHaveDuplicates();
    assertThat(second.seqsReceived()).isSorted().doesNotHaveDuplicates();
    assertThat(spool.pending(1000)).isEmpty();
    assertThat(spool.droppedSamples()).isZero();
    assertThat(client.currentUrl()).isEqualTo(first.url);
  }

  @Test
  void whenNoUrlAnswersTheAgentBacksOffAsWithOneAndTriesEachUrlOncePerAttempt() throws IOException {
    Site a = running();
    Site b = running();
    start(a, b);
    run(Duration.ofMinutes(1));
    Answer unavailable = Answer.status(503, "{\"error\":\"storage unavailable\"}");
    a.refusal = unavailable;
    b.refusal = unavailable;
    int aBefore = a.requestTimes().size();
    run(Duration.ofMinutes(15));
    List<Long> attemptsAtA = a.requestTimes().subList(aBefore, a.requestTimes().size());
    List<Long> attemptsAtB = b.requestTimes();
    assertThat(attemptsAtA).as("backoff, not a request per heartbeat").hasSizeBetween(1, 24);
    assertThat(attemptsAtB).as("each attempt goes to both URLs, one right after the other")
        .containsExactlyElementsOf(attemptsAtA);
    assertThat(switchLines()).as("logged at the first attempt, not at each retry").isEqualTo(1);

    a.refusal = null;
    b.refusal = null;
    run(Duration.ofMinutes(6));
    List<Long> applied = store.applied();
    assertThat(applied).isEqualTo(oneToN(applied.size())).hasSizeGreaterThan(40);
    assertThat(spool.pending(1000)).isEmpty();
  }
}
