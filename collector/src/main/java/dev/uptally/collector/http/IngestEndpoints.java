package dev.uptally.collector.http;

import dev.uptally.collector.ingest.IngestException;
import dev.uptally.collector.ingest.IngestService;
import dev.uptally.collector.metrics.IngestMetrics;
import dev.uptally.common.json.HeartbeatJson;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.HeartbeatBatch;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /v1/enroll} and {@code POST /v1/heartbeats}: decode the body on the event loop, hand it to
 * the {@link IngestService} and answer when its future completes, never waiting for it. Counts every
 * answer in {@link IngestMetrics}. The bearer token is passed on and never logged.
 */
final class IngestEndpoints {

  private static final System.Logger LOG = System.getLogger(IngestEndpoints.class.getName());

  private final IngestService service;
  private final IngestMetrics metrics;
  private final int maxSamplesPerRequest;

  IngestEndpoints(IngestService service, IngestMetrics metrics, int maxSamplesPerRequest) {
    this.service = service;
    this.metrics = metrics;
    this.maxSamplesPerRequest = maxSamplesPerRequest;
  }

  void register(Routes.Builder routes) {
    routes.post("/v1/enroll", this::enroll);
    routes.post("/v1/heartbeats", this::heartbeats);
  }

  CompletionStage<HttpReply> enroll(HttpCall call) {
    return answer(IngestMetrics.ENROLL, call, () -> {
      EnrollRequest request = JsonBodies.read(call, EnrollRequest.class);
      return service.enroll(call.bearerToken(), request, call.receivedAtMillis()).thenApply(HttpReply::ok);
    });
  }

  CompletionStage<HttpReply> heartbeats(HttpCall call) {
    return answer(IngestMetrics.HEARTBEATS, call, () -> {
      HeartbeatBatch batch = JsonBodies.read(call, HeartbeatBatch.class, HeartbeatJson::batch);
      int samples = batch.samples().size();
      if (samples > maxSamplesPerRequest) {
        throw new IngestException(413, "too_large", "heartbeat batch carries " + samples
            + " samples; at most " + maxSamplesPerRequest + " are accepted per request");
      }
      return service.heartbeats(call.bearerToken(), batch, call.receivedAtMillis()).thenApply(ack -> {
        metrics.acceptedSamples(samples);
        return HttpReply.ok(ack);
      });
    });
  }

  private interface Work {
    CompletionStage<HttpReply> start();
  }

  private CompletionStage<HttpReply> answer(String endpoint, HttpCall call, Work work) {
    long startNanos = System.nanoTime();
    CompletionStage<HttpReply> stage;
    try {
      stage = work.start();
      if (stage == null) {
        throw new IllegalStateException("ingest service returned no future for " + endpoint);
      }
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    return stage.handle((reply, failure) -> {
      HttpReply answer = failure == null ? reply : failureReply(endpoint, failure);
      metrics.request(endpoint, answer.status(), Duration.ofNanos(System.nanoTime() - startNanos));
      return answer;
    });
  }

  private HttpReply failureReply(String endpoint, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof IngestException ingest) {
      metrics.rejected(ingest.reason());
      HttpReply reply = HttpReply.error(ingest.status(), ingest.getMessage());
      return ingest.retryAfterSeconds() == null ? reply
          : reply.withHeader("Retry-After", Integer.toString(ingest.retryAfterSeconds()));
    }
    if (cause instanceof HttpException http) {
      metrics.rejected(http.status() == 413 ? "too_large" : "malformed");
      return RouterHandler.failureReply("POST", http);
    }
    metrics.rejected("internal");
    LOG.log(System.Logger.Level.ERROR, "ingest " + endpoint + " failed unexpectedly", cause);
    return HttpReply.error(500, "internal error while handling " + endpoint + "; the request may be retried");
  }
}
