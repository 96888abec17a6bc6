package dev.uptally.collector.browser;

import dev.uptally.common.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * A plain HTTP client of a collector on loopback: the agents' side of wire protocol v1 (to feed the fleet) and the
 * API, read independently of the browser (to check what the dashboard shows against what the collector says).
 */
final class CollectorHttp {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  CollectorHttp(InetSocketAddress collector) {
    this.base = "http://127.0.0.1:" + collector.getPort();
  }

  /** POSTs {@code body} as JSON; anything but 200 is an error naming the request and the answer. */
  String post(String path, String bearer, Object body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body))).build();
    return body(request);
  }

  JsonNode get(String pathAndQuery, String bearer) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + bearer).GET().build();
    return Json.mapper().readTree(body(request));
  }

  private String body(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " → "
          + response.statusCode() + " " + response.body());
    }
    return response.body();
  }
}
