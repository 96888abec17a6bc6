package dev.uptally.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.ingest.IngestException;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.HeartbeatBatch;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestHttpTest {

  private static final String BATCH = """
      {"deviceId":"dev-1","sentAt":1764000030000,
       "samples":[{"seq":812,"time":1764000000000,"bootTime":1763990000000,"event":null,"health":null}]}""";

  private final TestServer t = new TestServer();

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void healthzAnswersOkWithoutToken() {
    HttpResponse<String> response = t.get("/healthz");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void readyzFollowsIngestReadiness() {
    assertThat(t.get("/readyz").statusCode()).isEqualTo(200);
    t.ingest.ready = false;
    assertThat(t.get("/readyz").statusCode()).isEqualTo(503);
  }

  @Test
  void enrollPassesTokenBodyAndClockToTheServiceAndAnswersItsResult() {
    HttpResponse<String> response = t.postJson("/v1/enroll",
        "{\"deviceId\":\"dev-1\",\"hostname\":\"acct-laptop-07\",\"deviceClass\":\"laptop\"}",
        "Authorization", "Bearer enroll-secret");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"deviceToken\":\"device-token-dev-1\"", "\"clientId\":\"acme\"");
    FakeIngest.Call call = t.ingest.calls.get(0);
    assertThat(call.token()).isEqualTo("enroll-secret");
    assertThat(((EnrollRequest) call.request()).hostname()).isEqualTo("acct-laptop-07");
    assertThat(call.receivedAtMillis()).isEqualTo(TestServer.NOW.toEpochMilli());
  }

  @Test
  void heartbeatsAnswerTheAckAndCountAcceptedSamples() {
    HttpResponse<String> response = t.postJson("/v1/heartbeats", BATCH, "Authorization", "Bearer device-token");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"ackedSeq\":812,\"intervalSeconds\":30}");
    assertThat(((HeartbeatBatch) t.ingest.calls.get(0).request()).samples()).hasSize(1);
    String scrape = new String(t.metrics.scrape(null).body());
    assertThat(scrape).contains("uptally_ingest_samples_total 1.0",
        "uptally_ingest_requests_total{endpoint=\"heartbeats\",status=\"200\"} 1.0",
        "uptally_ingest_latency_seconds_bucket{endpoint=\"heartbeats\"");
  }

  @Test
  void missingBearerTokenReachesTheServiceAsNull() {
    t.postJson("/v1/heartbeats", BATCH);
    assertThat(t.ingest.calls.get(0).token()).isNull();
  }

  @Test
  void malformedJsonIsRefusedNamingTheFieldAndPosition() {
    HttpResponse<String> response = t.postJson("/v1/heartbeats",
        "{\"deviceId\":\"dev-1\",\"sentAt\":1,\n\"samples\":[{\"seq\":\"twelve\"}]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("samples[0].seq", "line 2");
    assertThat(t.ingest.calls).isEmpty();
    assertThat(new String(t.metrics.scrape(null).body()))
        .contains("uptally_ingest_rejected_total{reason=\"malformed\"} 1.0");
    t.assertHealthy();
  }

  @Test
  void truncatedJsonIsRefusedWithLineAndColumn() {
    HttpResponse<String> response = t.postJson("/v1/enroll", "{\"deviceId\": ");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("malformed JSON", "line 1, column");
    t.assertHealthy();
  }

  @Test
  void emptyBodyIsRefused() {
    assertThat(t.postJson("/v1/enroll", "").statusCode()).isEqualTo(400);
  }

  @Test
  void wrongTokenAnswers401FromTheService() {
    t.ingest.onHeartbeats = batch -> CompletableFuture.failedFuture(IngestException.unauthorized("unknown device token"));

    HttpResponse<String> response = t.postJson("/v1/heartbeats", BATCH, "Authorization", "Bearer wrong");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).isEqualTo("{\"error\":\"unknown device token\"}");
    assertThat(new String(t.metrics.scrape(null).body()))
        .contains("uptally_ingest_rejected_total{reason=\"bad_token\"} 1.0",
            "uptally_ingest_requests_total{endpoint=\"heartbeats\",status=\"401\"} 1.0");
  }

  @Test
  void serviceThrowingSynchronouslyIsMappedLikeAFailedFuture() {
    t.ingest.onEnroll = request -> {
      throw IngestException.forbidden("device belongs to another client");
    };
    assertThat(t.postJson("/v1/enroll", "{\"deviceId\":\"d\"}").statusCode()).isEqualTo(403);
  }

  @Test
  void rateLimitCarriesRetryAfter() {
    t.ingest.onHeartbeats = batch -> CompletableFuture.failedFuture(
        new IngestException(429, "rate_limited", "too many requests from device dev-1", 17));

    HttpResponse<String> response = t.postJson("/v1/heartbeats", BATCH);

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("17");
  }

  @Test
  void unexpectedFailureAnswers500WithoutDetails() {
    t.ingest.onHeartbeats = batch -> CompletableFuture.failedFuture(
        new IllegalStateException("database password is hunter2"));

    HttpResponse<String> response = t.postJson("/v1/heartbeats", BATCH, "Authorization", "Bearer secret-device-token");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).doesNotContain("hunter2", "secret-device-token").contains("internal error");
    t.assertHealthy();
  }

  @Test
  void tooManySamplesIsRefusedWithTheLimit() {
    StringBuilder samples = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      samples.append(i == 0 ? "" : ",").append("{\"seq\":").append(i).append(",\"time\":1,\"bootTime\":1}");
    }
    HttpResponse<String> response = t.postJson("/v1/heartbeats",
        "{\"deviceId\":\"d\",\"sentAt\":1,\"samples\":[" + samples + "]}");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("11 samples", "at most 10");
    assertThat(t.ingest.calls).isEmpty();
  }

  @Test
  void nonJsonBodyIsRefused415() {
    HttpResponse<String> response = t.send(java.net.http.HttpRequest.newBuilder(t.uri("/v1/heartbeats"))
        .header("Content-Type", "text/plain")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(BATCH)).build());

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.body()).contains("application/json");
    t.assertHealthy();
  }

  @Test
  void jsonWithCharsetParameterIsAccepted() {
    assertThat(t.postJson("/v1/heartbeats", BATCH, "Content-Type", "application/json; charset=utf-8").statusCode())
        .isEqualTo(200);
  }
}
