package dev.uptally.collector.http;

import dev.uptally.collector.ingest.IngestException;
import dev.uptally.collector.ingest.IngestService;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;

/** An ingest service for HTTP tests: answers by a swappable function and records what it was given. */
public final class FakeIngest implements IngestService {

  public record Call(String token, Object request, long receivedAtMillis) {}

  public final List<Call> calls = new CopyOnWriteArrayList<>();
  public volatile boolean ready = true;
  public volatile Function<HeartbeatBatch, CompletableFuture<HeartbeatAck>> onHeartbeats =
      batch -> CompletableFuture.completedFuture(new HeartbeatAck(lastSeq(batch), 30));
  public volatile Function<EnrollRequest, CompletableFuture<EnrollResponse>> onEnroll =
      request -> CompletableFuture.completedFuture(new EnrollResponse("device-token-" + request.deviceId(), "acme", 30));

  /** Tokens the header-only checks accept; every token by default. */
  public volatile Predicate<String> enrollmentTokens = token -> true;
  public volatile Predicate<String> deviceTokens = token -> true;

  @Override
  public void checkEnrollmentToken(String bearerToken) {
    if (!enrollmentTokens.test(bearerToken)) {
      throw IngestException.unauthorized("enrollment token is not valid for any client");
    }
  }

  @Override
  public void checkDeviceToken(String bearerToken) {
    if (!deviceTokens.test(bearerToken)) {
      throw IngestException.unauthorized("device token is not valid (re-enroll)");
    }
  }

  @Override
  public CompletableFuture<EnrollResponse> enroll(String bearerToken, EnrollRequest request, long receivedAtMillis) {
    calls.add(new Call(bearerToken, request, receivedAtMillis));
    return onEnroll.apply(request);
  }

  @Override
  public CompletableFuture<HeartbeatAck> heartbeats(String bearerToken, HeartbeatBatch batch, long receivedAtMillis) {
    calls.add(new Call(bearerToken, batch, receivedAtMillis));
    return onHeartbeats.apply(batch);
  }

  /**
   * The last sample's seq, or -1. The HTTP layer hands over a batch the ingest service has yet to validate (a sample
   * may be null or lack its seq: the real service answers 400), so the fake must not assume a valid one.
   */
  private static long lastSeq(HeartbeatBatch batch) {
    List<Sample> samples = batch.samples();
    Sample last = samples == null || samples.isEmpty() ? null : samples.get(samples.size() - 1);
    return last == null || last.seq() == null ? -1 : last.seq();
  }

  @Override
  public boolean ready() {
    return ready;
  }
}
