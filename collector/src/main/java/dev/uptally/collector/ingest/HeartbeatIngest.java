package dev.uptally.collector.ingest;

import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.fleet.Tokens;
import dev.uptally.collector.limits.DeviceRateLimiter;
import dev.uptally.collector.store.StoreException;
import dev.uptally.collector.store.StoreOverloadedException;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.config.collector.ClientConfig;
import dev.uptally.config.collector.CollectorConfig;
import dev.uptally.config.collector.RateLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * {@link IngestService} on top of the {@link Fleet}: authenticates enrollment tokens per client, validates and
 * skew-corrects batches, and answers once the fleet made their effect durable. Thread-safe.
 */
public final class HeartbeatIngest implements IngestService {

  private final List<EnrollmentKey> enrollmentKeys = new ArrayList<>();
  private final Fleet fleet;
  private final BatchValidator validator;
  private final int intervalSeconds;
  private final BooleanSupplier ready;
  private final Counter tooOld;
  private final RateLimits limits;
  private final DeviceRateLimiter deviceLimiter;

  /**
   * @param clock the collector's clock (rate-limit refills)
   */
  public HeartbeatIngest(CollectorConfig config, Fleet fleet, MeterRegistry registry, BooleanSupplier ready,
      Clock clock) {
    for (ClientConfig c : config.clients()) {
      for (String t : c.enrollmentTokens()) {
        enrollmentKeys.add(new EnrollmentKey(c.id(), Tokens.sha256(t)));
      }
    }
    this.fleet = fleet;
    this.validator = new BatchValidator(config.server().maxSamplesPerRequest(), config.heartbeat().graceMillis(),
        config.heartbeat().maxSampleAgeMillis());
    this.intervalSeconds = config.heartbeat().intervalSeconds();
    this.ready = ready;
    this.limits = config.server().rateLimits();
    this.deviceLimiter = new DeviceRateLimiter(limits, clock, registry);
    this.tooOld = Counter.builder("uptally.ingest.too.old.samples")
        .description("Samples older than heartbeat.maxSampleAgeDays, acknowledged and ignored").register(registry);
  }

  @Override
  public CompletableFuture<EnrollResponse> enroll(String bearerToken, EnrollRequest req, long receivedAtMillis) {
    try {
      String clientId = clientFor(bearerToken);
      DeviceClass deviceClass = EnrollChecks.check(req);
      return storageAware(fleet.enroll(clientId, req, deviceClass, receivedAtMillis))
          .thenApply(token -> new EnrollResponse(token, clientId, intervalSeconds));
    } catch (IngestException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<HeartbeatAck> heartbeats(String bearerToken, HeartbeatBatch batch, long receivedAtMillis) {
    try {
      if (bearerToken == null || bearerToken.isEmpty()) {
        throw IngestException.unauthorized("Authorization: Bearer <device token> is missing");
      }
      BatchValidator.Prepared p = validator.prepare(batch, receivedAtMillis);
      byte[] tokenHash = Tokens.sha256(bearerToken);
      fleet.authenticate(tokenHash, batch.deviceId()); // only a device's own token spends its allowance
      long wait = deviceLimiter.acquire(batch.deviceId());
      if (wait > 0) {
        throw new IngestException(429, "rate_limited", "device '" + batch.deviceId() + "' sends faster than "
            + limits.deviceRequestsPerMinute() + " requests a minute (after a burst of " + limits.deviceBurst()
            + "); retry after " + wait + " s", (int) Math.min(Integer.MAX_VALUE, wait));
      }
      if (p.tooOld() > 0) {
        tooOld.increment(p.tooOld()); // only for a request that is applied: not for a forged token or a 429
      }
      return storageAware(fleet.apply(tokenHash, batch, p.samples(), p.unreachable(), receivedAtMillis))
          .thenApply(seq -> new HeartbeatAck(Math.max(seq, p.tooOldUpToSeq()), intervalSeconds));
    } catch (IngestException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public boolean ready() {
    return ready.getAsBoolean();
  }

  /**
   * Storage trouble is the design's {@code 503 storage unavailable} with a {@code Retry-After}, not a server error:
   * the agent keeps the samples and retries. An overloaded commit queue asks for a shorter wait than a failing disk.
   */
  private static <T> CompletableFuture<T> storageAware(CompletableFuture<T> future) {
    return future.handle((value, error) -> {
      if (error == null) {
        return CompletableFuture.completedFuture(value);
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof StoreOverloadedException) {
        return CompletableFuture.<T>failedFuture(new IngestException(503, "overloaded",
            "the collector's storage queue is full; retry shortly", 2));
      }
      if (cause instanceof StoreException) {
        return CompletableFuture.<T>failedFuture(new IngestException(503, "storage",
            "storage unavailable: " + cause.getMessage(), 10));
      }
      return CompletableFuture.<T>failedFuture(cause);
    }).thenCompose(f -> f);
  }

  private String clientFor(String bearerToken) {
    if (bearerToken == null || bearerToken.isEmpty()) {
      throw IngestException.unauthorized("Authorization: Bearer <enrollment token> is missing");
    }
    byte[] presented = Tokens.sha256(bearerToken);
    String found = null;
    for (EnrollmentKey k : enrollmentKeys) { // no early exit: the time taken does not depend on which key matched
      if (Tokens.matches(k.hash(), presented) && found == null) {
        found = k.clientId();
      }
    }
    if (found == null) {
      throw IngestException.unauthorized("enrollment token is not valid for any client");
    }
    return found;
  }

  private record EnrollmentKey(String clientId, byte[] hash) {}
}
