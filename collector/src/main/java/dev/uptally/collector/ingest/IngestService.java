package dev.uptally.collector.ingest;

import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.HeartbeatBatch;
import java.util.concurrent.CompletableFuture;

/**
 * The agent-facing half of the collector, independent of HTTP. Futures complete on a collector
 * thread once the effect is durable; they fail with {@link IngestException} carrying the HTTP status.
 */
public interface IngestService {

  /** @param bearerToken the enrollment token from {@code Authorization: Bearer}, null when absent */
  CompletableFuture<EnrollResponse> enroll(String bearerToken, EnrollRequest request, long receivedAtMillis);

  /** @param bearerToken the device token from {@code Authorization: Bearer}, null when absent */
  CompletableFuture<HeartbeatAck> heartbeats(String bearerToken, HeartbeatBatch batch, long receivedAtMillis);

  /** True once startup recovery finished and storage answers (for {@code /readyz}). */
  boolean ready();

  /** True while the latest commit failed (not merely queued too long): {@code /readyz} then answers 503. */
  default boolean storageFailing() {
    return false;
  }

  /**
   * Judges an enrollment token from the request's headers alone, before its body is read, so that a request that
   * cannot be accepted costs no buffering. Passing is no promise: {@link #enroll} checks again. Never blocks.
   *
   * @throws IngestException 401 when the token is missing or no client's enrollment token
   */
  default void checkEnrollmentToken(String bearerToken) {}

  /** What a standby asks agents and probes to wait before asking it again. */
  int STANDBY_RETRY_SECONDS = 5;

  /** True while this collector waits as a standby for the lease: {@code /readyz} answers 503 "standby". */
  default boolean standby() {
    return false;
  }

  /**
   * Judges a device token from the request's headers alone, before its body is read: read-only (spends no rate
   * allowance, touches no shard). Passing is no promise: {@link #heartbeats} checks again. Never blocks.
   *
   * @throws IngestException 401 when the token is missing or the current token of no device
   */
  default void checkDeviceToken(String bearerToken) {}
}
