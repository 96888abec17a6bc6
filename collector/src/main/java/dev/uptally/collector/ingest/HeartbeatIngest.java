package dev.uptally.collector.ingest;

import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.fleet.FleetRefusal;
import dev.uptally.collector.fleet.Tokens;
import dev.uptally.collector.limits.CommitAdmission;
import dev.uptally.collector.limits.DeviceRateLimiter;
import dev.uptally.collector.limits.EnrollmentRateLimiter;
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
import java.time.Duration;
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

  /** Retry-After of a 503 for failing storage (and of {@code /readyz} meanwhile). */
  public static final int STORAGE_RETRY_SECONDS = 10;
  /** At most one storage log line per this interval, however storage flaps. */
  static final Duration STORAGE_LOG_INTERVAL = Duration.ofMinutes(1);

  private final List<EnrollmentKey> enrollmentKeys = new ArrayList<>();
  private final Fleet fleet;
  private final BatchValidator validator;
  private final int intervalSeconds;
  private final BooleanSupplier ready;
  private final Counter tooOld;
  private final RateLimits limits;
  private final DeviceRateLimiter deviceLimiter;
  private final EnrollmentRateLimiter enrollmentLimiter;
  private final Counter steppedBack;
  private final StorageHealth storage;
  private final CommitAdmission admission;

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
    this.enrollmentLimiter = new EnrollmentRateLimiter(limits, clock, registry);
    this.steppedBack = Counter.builder("uptally.ingest.clock.stepped.back.samples")
        .description("Samples whose time lay before their predecessor's on the same boot (the device clock stepped"
            + " back), taken at the predecessor's time").register(registry);
    this.storage = new StorageHealth(clock, STORAGE_LOG_INTERVAL);
    // a third of grace: a device waiting out the longest Retry-After (plus its agent's jitter) is never late enough
    // to look silent, even before its refusal counted as contact
    this.admission = new CommitAdmission(config.server().admission(),
        (int) Math.max(1, config.heartbeat().graceMillis() / 3000), CommitAdmission.Jitter.THREAD_LOCAL, registry);
    this.tooOld = Counter.builder("uptally.ingest.too.old.samples")
        .description("Samples older than heartbeat.maxSampleAgeDays, acknowledged and ignored").register(registry);
  }

  @Override
  public CompletableFuture<EnrollResponse> enroll(String bearerToken, EnrollRequest req, long receivedAtMillis) {
    try {
      String clientId = clientFor(bearerToken);
      EnrollRequest checked = EnrollmentChecks.check(req);
      DeviceClass deviceClass = EnrollmentChecks.deviceClass(req.deviceClass());
      long wait = enrollmentLimiter.acquire(clientId);
      if (wait > 0) {
        throw new IngestException(429, "rate_limited", "client '" + clientId + "' enrolls faster than "
            + limits.enrollmentsPerMinute() + " devices a minute (after a burst of " + limits.enrollmentBurst()
            + "); retry after " + wait + " s", (int) Math.min(Integer.MAX_VALUE, wait));
      }
      return storageAware(fleet.enroll(clientId, checked, deviceClass, receivedAtMillis))
          .thenApply(token -> new EnrollResponse(token, clientId, intervalSeconds));
    } catch (IngestException e) {
      return CompletableFuture.failedFuture(e);
    } catch (FleetRefusal e) {
      return CompletableFuture.failedFuture(IngestException.of(e));
    }
  }

  @Override
  public CompletableFuture<HeartbeatAck> heartbeats(String bearerToken, HeartbeatBatch batch, long receivedAtMillis) {
    try {
      if (bearerToken == null || bearerToken.isEmpty()) {
        throw IngestException.unauthorized("Authorization: Bearer <device token> is missing");
      }
      BatchValidator.Prepared p = validator.prepare(batch, receivedAtMillis, last(batch.deviceId()));
      byte[] tokenHash = Tokens.sha256(bearerToken);
      fleet.authenticate(tokenHash, batch.deviceId()); // only a device's own token spends its allowance
      long wait = deviceLimiter.acquire(batch.deviceId());
      if (wait > 0) {
        throw new IngestException(429, "rate_limited", "device '" + batch.deviceId() + "' sends faster than "
            + limits.deviceRequestsPerMinute() + " requests a minute (after a burst of " + limits.deviceBurst()
            + "); retry after " + wait + " s", (int) Math.min(Integer.MAX_VALUE, wait));
      }
      admit(batch.deviceId(), p, receivedAtMillis);
      if (p.tooOld() > 0) {
        tooOld.increment(p.tooOld()); // only for a request that is applied: not for a forged token, a 429 or a 503
      }
      if (p.steppedBack() > 0) {
        steppedBack.increment(p.steppedBack());
      }
      CompletableFuture<HeartbeatAck> answer;
      try {
        answer = storageAware(fleet.apply(tokenHash, batch, p.samples(), p.unreachable(), receivedAtMillis))
            .thenApply(seq -> new HeartbeatAck(Math.max(seq, p.tooOldUpToSeq()), intervalSeconds));
      } catch (RuntimeException e) {
        admission.done();
        throw e;
      }
      answer.whenComplete((ack, error) -> admission.done());
      return answer;
    } catch (IngestException e) {
      return CompletableFuture.failedFuture(e);
    } catch (FleetRefusal e) {
      return CompletableFuture.failedFuture(IngestException.of(e));
    }
  }

  /**
   * Refuses a replay batch while the collector drains a backlog ({@link CommitAdmission}): {@code 503} with a jittered
   * {@code Retry-After}, before anything is applied. The device authenticated and tried, so the refusal counts as
   * contact: it is not declared silent for being refused.
   */
  private void admit(String deviceId, BatchValidator.Prepared p, long receivedAtMillis) {
    int retryAfter = admission.tryAdmit(p.unreachable().isEmpty());
    if (retryAfter != CommitAdmission.ADMITTED) {
      fleet.contact(deviceId, receivedAtMillis);
      throw new IngestException(503, "backlog", "the collector is draining a backlog of " + admission.pending()
          + " batches; nothing of this request was stored; retry after " + retryAfter + " s", retryAfter);
    }
  }

  /** The watermarks on pending batches (for tests and the storm benchmark). */
  public CommitAdmission admission() {
    return admission;
  }

  @Override
  public void checkEnrollmentToken(String bearerToken) {
    clientFor(bearerToken);
  }

  @Override
  public void checkDeviceToken(String bearerToken) {
    if (bearerToken == null || bearerToken.isEmpty()) {
      throw IngestException.unauthorized("Authorization: Bearer <device token> is missing");
    }
    var owner = fleet.tokenOwner(Tokens.sha256(bearerToken));
    if (owner.isEmpty()) {
      throw IngestException.unauthorized("device token is not valid (re-enroll)");
    }
    if (owner.get().progress().retired()) {
      try {
        fleet.authenticate(Tokens.sha256(bearerToken), owner.get().deviceId());
      } catch (FleetRefusal e) { // the retired device's refusal, saying when and why
        throw IngestException.of(e);
      }
    }
  }

  @Override
  public boolean ready() {
    return ready.getAsBoolean();
  }

  @Override
  public boolean storageFailing() {
    return storage.failing();
  }

  /**
   * Storage trouble is the design's {@code 503 storage unavailable} with a {@code Retry-After}, not a server error:
   * the agent keeps the samples and retries. An overloaded commit queue asks for a shorter wait than a failing disk.
   * The answer never carries the store's message (it names files on the collector's disk); that goes to the log, once
   * per change ({@link StorageHealth}).
   */
  private <T> CompletableFuture<T> storageAware(CompletableFuture<T> future) {
    return future.handle((value, error) -> {
      if (error == null) {
        storage.succeeded();
        return CompletableFuture.completedFuture(value);
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof FleetRefusal refusal) {
        return CompletableFuture.<T>failedFuture(IngestException.of(refusal));
      }
      if (cause instanceof StoreOverloadedException) {
        return CompletableFuture.<T>failedFuture(new IngestException(503, "overloaded",
            "the collector's storage queue is full; retry shortly", 2));
      }
      if (cause instanceof StoreException e) {
        storage.failed(e);
        return CompletableFuture.<T>failedFuture(new IngestException(503, "storage",
            "storage unavailable: nothing of this request was stored; retry later", STORAGE_RETRY_SECONDS));
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

  /** The device's newest applied sample, which a batch's first new sample follows (read without waiting). */
  private BatchValidator.Last last(String deviceId) {
    if (deviceId == null) {
      return BatchValidator.Last.NONE;
    }
    return fleet.snapshot(deviceId).map(d -> d.progress()).filter(DeviceProgress::hasSamples)
        .map(p -> new BatchValidator.Last(p.lastSeq(), p.lastSampleMillis(), p.lastBootMillis()))
        .orElse(BatchValidator.Last.NONE);
  }

  private record EnrollmentKey(String clientId, byte[] hash) {}
}
