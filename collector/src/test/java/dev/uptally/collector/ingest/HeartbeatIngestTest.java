package dev.uptally.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.fleet.DeviceUpdate;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.fleet.FleetListener;
import dev.uptally.collector.fleet.MaintenancePolicy;
import dev.uptally.collector.sla.TestConfigs;
import dev.uptally.collector.store.StoreException;
import dev.uptally.collector.store.StoreOverloadedException;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeartbeatIngestTest {

  private static final long T0 = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
  private final AtomicReference<RuntimeException> storageFailure = new AtomicReference<>();
  private final Fleet fleet = new Fleet(new Fleet.Settings(1, 90_000), this::commit,
      (identity, req) -> CompletableFuture.completedFuture(null), Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC),
      FleetListener.NONE, MaintenancePolicy.NONE);
  private final HeartbeatIngest ingest = new HeartbeatIngest(TestConfigs.standard(ZoneId.of("UTC")), fleet,
      new SimpleMeterRegistry(), () -> true, Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));

  private CompletableFuture<Void> commit(DeviceUpdate u) {
    RuntimeException e = storageFailure.get();
    return e == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(e);
  }

  @AfterEach
  void close() {
    fleet.close();
  }

  private String enroll() throws Exception {
    fleet.start(List.of());
    return ingest.enroll("acme-enroll-token-0123456789",
        new EnrollRequest("d1", "host", "server", "UTC", "1.0", null, null), T0).get(5, TimeUnit.SECONDS).deviceToken();
  }

  private IngestException failureOf(String token) {
    HeartbeatBatch b = new HeartbeatBatch("d1", T0, List.of(Sample.heartbeat(0, T0, T0 - 60_000, null)));
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> ingest.heartbeats(token, b, T0).get(5, TimeUnit.SECONDS));
    assertThat(t).isInstanceOf(ExecutionException.class);
    assertThat(t.getCause()).isInstanceOf(IngestException.class);
    return (IngestException) t.getCause();
  }

  @Test
  void overloadedStorageIsA503WithAShortRetryAfter() throws Exception {
    String token = enroll();
    storageFailure.set(new StoreOverloadedException("commit queue full (50000)"));
    IngestException e = failureOf(token);
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.retryAfterSeconds()).isEqualTo(2);
  }

  @Test
  void failingStorageIsA503SayingStorageUnavailableWithoutTheStoresMessage() throws Exception {
    String token = enroll();
    storageFailure.set(new StoreException("commit to /var/lib/uptally/uptally.db: disk I/O error", null));
    IngestException e = failureOf(token);
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.reason()).isEqualTo("storage");
    assertThat(e.retryAfterSeconds()).isEqualTo(10);
    assertThat(e.getMessage()).startsWith("storage unavailable").doesNotContain("/var/lib", "uptally.db", "disk I/O");
    assertThat(ingest.storageFailing()).isTrue();
    storageFailure.set(null);
    HeartbeatBatch retry = new HeartbeatBatch("d1", T0, List.of(Sample.heartbeat(0, T0, T0 - 60_000, null)));
    assertThat(ingest.heartbeats(token, retry, T0).get(5, TimeUnit.SECONDS).ackedSeq()).isZero();
    assertThat(ingest.storageFailing()).as("the next commit succeeded").isFalse();
  }

  @Test
  void theHeaderCheckKnowsOnlyCurrentDeviceTokensAndConfiguredEnrollmentTokens() throws Exception {
    String first = enroll();
    ingest.checkDeviceToken(first);
    assertThatThrownBy(() -> ingest.checkDeviceToken("forged-device-token"))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.status()).isEqualTo(401));
    assertThatThrownBy(() -> ingest.checkDeviceToken(null))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.status()).isEqualTo(401));
    String second = ingest.enroll("acme-enroll-token-0123456789",
        new EnrollRequest("d1", "host", "server", "UTC", "1.0", null, null, first), T0).get(5, TimeUnit.SECONDS)
        .deviceToken(); // a re-enrollment proven by the current token
    ingest.checkDeviceToken(second);
    assertThatThrownBy(() -> ingest.checkDeviceToken(first)).as("re-enrollment retired the old token")
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.status()).isEqualTo(401));

    ingest.checkEnrollmentToken("globex-enroll-token-0123456789");
    assertThatThrownBy(() -> ingest.checkEnrollmentToken("acme-enroll-token-guess"))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void missingTokenIs401BeforeAnythingIsParsed() {
    HeartbeatBatch b = new HeartbeatBatch("d1", T0, List.of());
    assertThatThrownBy(() -> ingest.heartbeats(null, b, T0).get()).cause()
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.status()).isEqualTo(401));
  }
}
