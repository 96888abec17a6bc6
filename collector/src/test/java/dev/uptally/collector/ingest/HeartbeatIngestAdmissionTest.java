package dev.uptally.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.DeviceUpdate;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.fleet.FleetListener;
import dev.uptally.collector.fleet.LiveState;
import dev.uptally.collector.fleet.MaintenancePolicy;
import dev.uptally.collector.sla.TestConfigs;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import dev.uptally.config.collector.Admission;
import dev.uptally.config.collector.CollectorConfig;
import dev.uptally.config.collector.ServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Admission by watermarks through the real ingest and fleet: commits are held by the test, so "pending" is exactly
 * what the test says; every time is passed in (the fleet's clock is fixed), nothing sleeps to let time pass.
 */
class HeartbeatIngestAdmissionTest {

  private static final long T0 = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
  private static final long GRACE = 90_000;
  private static final long BOOT = T0 - 86_400_000;

  /** Commits the test completes by hand. */
  private final List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();
  private final List<DeviceUpdate> submitted = new CopyOnWriteArrayList<>();
  private final List<String> silenced = new CopyOnWriteArrayList<>();
  private final Fleet fleet = new Fleet(new Fleet.Settings(1, GRACE), this::commit,
      (identity, req) -> CompletableFuture.completedFuture(null), Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC),
      new FleetListener() {
        @Override
        public void deviceSilent(DeviceSnapshot device, long sinceMillis) {
          silenced.add(device.deviceId());
        }
      }, MaintenancePolicy.NONE);
  private HeartbeatIngest ingest;
  private final List<String> tokens = new ArrayList<>();

  private CompletableFuture<Void> commit(DeviceUpdate u) {
    submitted.add(u);
    CompletableFuture<Void> f = new CompletableFuture<>();
    held.add(f);
    return f;
  }

  @BeforeEach
  void start() throws Exception {
    CollectorConfig c = TestConfigs.standard(ZoneId.of("UTC"));
    ServerConfig s = c.server();
    ServerConfig admission = new ServerConfig(s.host(), s.port(), s.tls(), s.allowPlaintext(), s.metricsToken(),
        s.maxBodyBytes(), s.maxSamplesPerRequest(), s.rateLimits(), s.requestTimeout(), new Admission(2, 1, 2, 0));
    ingest = new HeartbeatIngest(new CollectorConfig(admission, c.storage(), c.api(), c.heartbeat(), c.calendars(),
        c.contracts(), c.clients(), c.notifications()), fleet, new SimpleMeterRegistry(), () -> true,
        Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));
    fleet.start(List.of());
    for (int i = 0; i < 4; i++) {
      tokens.add(ingest.enroll("acme-enroll-token-0123456789",
          new EnrollRequest("d" + i, "host" + i, "server", "UTC", "1.0", null, null), T0).get(5, TimeUnit.SECONDS)
          .deviceToken());
    }
  }

  @AfterEach
  void close() {
    fleet.close();
  }

  /** An hour's spool ending a minute before {@code receivedAt}: every sample but the last arrives late. */
  private CompletableFuture<HeartbeatAck> replay(int device, long firstSeq, long receivedAt) {
    List<Sample> samples = new ArrayList<>();
    for (int k = 0; k < 60; k++) {
      samples.add(Sample.heartbeat(firstSeq + k, receivedAt - 3_600_000 + k * 60_000L, BOOT, null));
    }
    return ingest.heartbeats(tokens.get(device), new HeartbeatBatch("d" + device, receivedAt, samples), receivedAt);
  }

  private CompletableFuture<HeartbeatAck> live(int device, long seq, long receivedAt) {
    return ingest.heartbeats(tokens.get(device), new HeartbeatBatch("d" + device, receivedAt,
        List.of(Sample.heartbeat(seq, receivedAt, BOOT, null))), receivedAt);
  }

  private static IngestException refusal(CompletableFuture<HeartbeatAck> f) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> f.get(5, TimeUnit.SECONDS));
    assertThat(t).isInstanceOf(ExecutionException.class);
    assertThat(t.getCause()).isInstanceOf(IngestException.class);
    return (IngestException) t.getCause();
  }

  private void awaitSubmitted(int n) throws Exception {
    fleet.tickAll(T0).get(5, TimeUnit.SECONDS); // the shard thread has run everything handed to it before
    assertThat(submitted).hasSize(n);
  }

  @Test
  void aReplayAboveTheHighWatermarkIs503WithRetryAfterAndStoresNothing() throws Exception {
    CompletableFuture<HeartbeatAck> first = replay(0, 1, T0);
    CompletableFuture<HeartbeatAck> second = replay(1, 1, T0);
    awaitSubmitted(2);

    IngestException e = refusal(replay(2, 1, T0));
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.retryAfterSeconds()).isEqualTo(2);
    assertThat(e.getMessage()).contains("nothing of this request was stored");
    awaitSubmitted(2);
    assertThat(fleet.snapshot("d2").orElseThrow().progress().hasSamples()).as("nothing applied").isFalse();
    assertThat(first).as("admitted batches are answered only after their commit").isNotDone();

    held.get(0).complete(null); // 1 pending: the low watermark
    assertThat(first.get(5, TimeUnit.SECONDS).ackedSeq()).isEqualTo(60);
    CompletableFuture<HeartbeatAck> third = replay(2, 1, T0);
    awaitSubmitted(3);
    held.get(1).complete(null);
    held.get(2).complete(null);
    assertThat(second.get(5, TimeUnit.SECONDS).ackedSeq()).isEqualTo(60);
    assertThat(third.get(5, TimeUnit.SECONDS).ackedSeq()).as("the retried replay is stored whole").isEqualTo(60);
    assertThat(ingest.admission().pending()).isZero();
  }

  @Test
  void betweenTheWatermarksReplaysAreStillRefused() throws Exception {
    replay(0, 1, T0);
    replay(1, 1, T0);
    awaitSubmitted(2);
    CompletableFuture<HeartbeatAck> liveOne = live(3, 1, T0); // 3 pending
    awaitSubmitted(3);
    held.get(0).complete(null); // 2 pending: between low (1) and high (2) after having reached high
    assertThat(refusal(replay(2, 1, T0)).status()).as("hysteresis").isEqualTo(503);
    held.get(2).complete(null); // 1 pending
    assertThat(liveOne.get(5, TimeUnit.SECONDS).ackedSeq()).isEqualTo(1);
    CompletableFuture<HeartbeatAck> admitted = replay(2, 1, T0);
    awaitSubmitted(4);
    assertThat(admitted).isNotDone();
  }

  @Test
  void liveHeartbeatsAreAdmittedWhileReplaysAreRefused() throws Exception {
    replay(0, 1, T0);
    replay(1, 1, T0);
    awaitSubmitted(2);
    assertThat(refusal(replay(2, 1, T0)).status()).isEqualTo(503);
    CompletableFuture<HeartbeatAck> liveOne = live(3, 1, T0);
    awaitSubmitted(3);
    held.get(2).complete(null);
    assertThat(liveOne.get(5, TimeUnit.SECONDS).ackedSeq()).isEqualTo(1);
  }

  @Test
  void aDeviceRefusedWithRetryAfterIsNotDeclaredSilentWhileItKeepsTrying() throws Exception {
    CompletableFuture<HeartbeatAck> d3 = live(3, 1, T0);
    awaitSubmitted(1);
    held.get(0).complete(null);
    d3.get(5, TimeUnit.SECONDS); // d3 last sampled at T0: silent after T0 + grace unless heard from
    replay(0, 1, T0);
    replay(1, 1, T0);
    awaitSubmitted(3);

    // its spool (a sample that arrives later than grace after its time) is refused while d0 and d1 wait for storage
    List<Sample> spool = List.of(Sample.heartbeat(2, T0 + 20_000, BOOT, null));
    CompletableFuture<HeartbeatAck> refused = ingest.heartbeats(tokens.get(3),
        new HeartbeatBatch("d3", T0 + 200_000, spool), T0 + 200_000);
    assertThat(refusal(refused).status()).isEqualTo(503);

    long later = T0 + 200_000 + GRACE - 1_000; // past its last sample's grace, within its contact's
    fleet.tickAll(later).get(5, TimeUnit.SECONDS);
    assertThat(silenced).as("a refused request is contact").doesNotContain("d3");
    DeviceSnapshot snap = fleet.snapshot("d3").orElseThrow();
    assertThat(fleet.liveState(snap, later)).isEqualTo(LiveState.UP);

    long lapsed = T0 + 200_000 + GRACE + 1_000; // nothing since: silent, as any device
    fleet.tickAll(lapsed).get(5, TimeUnit.SECONDS);
    assertThat(silenced).contains("d3");
    assertThat(fleet.liveState(snap, lapsed)).isEqualTo(LiveState.DOWN);
  }
}
