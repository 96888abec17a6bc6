package dev.uptally.cli.sim;

import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.ErrorBody;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.HeartbeatBatch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.core.JacksonException;

/**
 * Wire protocol v1 from the agent's side, on the JDK HTTP client: {@code POST /v1/enroll} and
 * {@code POST /v1/heartbeats}, once or with the {@link RetryPolicy}. Thread-safe.
 */
public final class CollectorClient {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final URI enrollUri;
  private final URI heartbeatsUri;
  private final HttpClient http;
  private final RetryPolicy retry;
  private final Sleeper sleeper;

  /** @param baseUrl the collector, e.g. {@code http://127.0.0.1:8420} */
  public CollectorClient(URI baseUrl, RetryPolicy retry, Sleeper sleeper) {
    String base = baseUrl.toString().replaceAll("/+$", "");
    this.enrollUri = URI.create(base + "/v1/enroll");
    this.heartbeatsUri = URI.create(base + "/v1/heartbeats");
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    this.retry = retry;
    this.sleeper = sleeper;
  }

  /** Enrolls with retries. @throws CollectorException when refused or still unavailable after the last attempt */
  public EnrollResponse enroll(String enrollmentToken, EnrollRequest request) throws InterruptedException {
    return withRetry(() -> post(enrollUri, enrollmentToken, request, EnrollResponse.class),
        "enroll " + request.hostname());
  }

  /** Sends one batch with retries. @throws CollectorException as {@link #enroll} */
  public HeartbeatAck heartbeats(String deviceToken, HeartbeatBatch batch) throws InterruptedException {
    return withRetry(() -> heartbeatsOnce(deviceToken, batch), "heartbeats of " + batch.deviceId());
  }

  /** Sends one batch, one attempt. @throws CollectorException on any answer but 200, or no answer */
  public HeartbeatAck heartbeatsOnce(String deviceToken, HeartbeatBatch batch) throws InterruptedException {
    return post(heartbeatsUri, deviceToken, batch, HeartbeatAck.class);
  }

  private interface Attempt<T> {
    T run() throws InterruptedException;
  }

  private <T> T withRetry(Attempt<T> attempt, String what) throws InterruptedException {
    for (int n = 1; ; n++) {
      try {
        return attempt.run();
      } catch (CollectorException e) {
        if (!e.retryable() || n >= retry.maxAttempts()) {
          throw e;
        }
        long ceiling = retry.ceiling(n).toMillis();
        long wait = ceiling == 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
        if (e.retryAfter() != null) {
          wait = Math.max(wait, e.retryAfter().toMillis());
        }
        sleeper.sleep(Duration.ofMillis(wait));
      }
    }
  }

  private <T> T post(URI uri, String bearer, Object body, Class<T> answerType) throws InterruptedException {
    byte[] json = Json.mapper().writeValueAsBytes(body);
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + bearer)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
    HttpResponse<byte[]> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new CollectorException(0, "POST " + uri + " failed: " + e, null, e);
    }
    if (resp.statusCode() != 200) {
      throw new CollectorException(resp.statusCode(), "POST " + uri + " answered " + resp.statusCode() + ": "
          + errorText(resp.body()), retryAfter(resp), null);
    }
    try {
      return Json.mapper().readValue(resp.body(), answerType);
    } catch (JacksonException e) {
      throw new CollectorException(200, "POST " + uri + " answered 200 with a body that is not a "
          + answerType.getSimpleName() + ": " + e.getOriginalMessage(), null, e);
    }
  }

  private static String errorText(byte[] body) {
    try {
      ErrorBody e = Json.mapper().readValue(body, ErrorBody.class);
      return e.error() != null ? e.error() : "(no error text)";
    } catch (JacksonException e) {
      String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
      return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
  }

  private static Duration retryAfter(HttpResponse<?> resp) {
    Optional<String> v = resp.headers().firstValue("Retry-After");
    if (v.isEmpty()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(v.get().trim())));
    } catch (NumberFormatException e) {
      return null; // an HTTP-date Retry-After: fall back to our own backoff
    }
  }
}
