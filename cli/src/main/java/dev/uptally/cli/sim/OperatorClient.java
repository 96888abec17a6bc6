package dev.uptally.cli.sim;

import dev.uptally.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the simulated MSP's operator does through the collector's API: {@code POST /api/v1/devices/{id}/retire} with
 * an operator token, retried like the agents' requests when the collector is unavailable. Thread-safe.
 */
final class OperatorClient {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final String base;
  private final String apiToken;
  private final HttpClient http;
  private final RetryPolicy retry;
  private final Sleeper sleeper;

  OperatorClient(URI baseUrl, String apiToken, RetryPolicy retry, Sleeper sleeper) {
    this.base = baseUrl.toString().replaceAll("/+$", "");
    this.apiToken = apiToken;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    this.retry = retry;
    this.sleeper = sleeper;
  }

  /**
   * Retires the device.
   *
   * @param reason {@code failed}, {@code replaced} or {@code decommissioned}
   * @throws CollectorException when the collector refuses (e.g. 409 retired already, 403 below operator)
   */
  void retire(String deviceId, String reason, Instant at, String note) throws InterruptedException {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("reason", reason);
    body.put("at", at.toString());
    body.put("note", note);
    URI uri = URI.create(base + "/api/v1/devices/" + deviceId + "/retire");
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + apiToken)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body))).build();
    for (int n = 1; ; n++) {
      CollectorException failure = attempt(uri, req);
      if (failure == null) {
        return;
      }
      if (!failure.retryable() || n >= retry.maxAttempts()) {
        throw failure;
      }
      sleeper.sleep(retry.ceiling(n));
    }
  }

  private CollectorException attempt(URI uri, HttpRequest req) throws InterruptedException {
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new CollectorException(0, "POST " + uri + " failed: " + e, null, e);
    }
    if (resp.statusCode() == 200) {
      return null;
    }
    String text = resp.body().length() > 300 ? resp.body().substring(0, 300) + "…" : resp.body();
    return new CollectorException(resp.statusCode(), "POST " + uri + " answered " + resp.statusCode() + ": " + text,
        null, null);
  }
}
