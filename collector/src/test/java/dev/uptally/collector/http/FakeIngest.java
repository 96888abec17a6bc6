package dev.uptally.collector.http;

import dev.uptally.collector.ingest.IngestException;
import dev.uptally.collector.ingest.IngestService;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.HeartbeatBatch;
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
      batch -> CompletableFuture.completedFuture(new HeartbeatAck(
          batch.samples().isEmpty() ? -1 : batch.samples().get(batch.samples().size() - 1).seq(), 30));
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

  @Override
  public boolean ready() {
    return ready;
  }
}
