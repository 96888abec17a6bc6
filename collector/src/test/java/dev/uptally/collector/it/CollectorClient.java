package dev.uptally.collector.it;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A plain HTTP client of a collector on loopback, speaking wire protocol v1 and API v1. */
final class CollectorClient {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String apiToken;

  CollectorClient(InetSocketAddress at, String apiToken) {
    this.base = "http://127.0.0.1:" + at.getPort();
    this.apiToken = apiToken;
  }

  HttpResponse<String> post(String path, String bearer, Object body) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body))).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  String enroll(String enrollToken, String deviceId, String deviceClass, String zone) throws Exception {
    HttpResponse<String> r = post("/v1/enroll", enrollToken,
        new EnrollRequest(deviceId, "host-" + deviceId, deviceClass, zone, "1.0.0", null, Map.of()));
    if (r.statusCode() != 200) {
      throw new AssertionError("enroll " + deviceId + " → " + r.statusCode() + " " + r.body());
    }
    return Json.mapper().readValue(r.body(), EnrollResponse.class).deviceToken();
  }

  /** Sends samples in batches of at most 1000; returns the last ack. */
  HeartbeatAck send(String token, String deviceId, List<Sample> samples, long sentAt) throws Exception {
    HeartbeatAck ack = null;
    for (int i = 0; i < samples.size(); i += 1000) {
      List<Sample> part = samples.subList(i, Math.min(samples.size(), i + 1000));
      HttpResponse<String> r = post("/v1/heartbeats", token, new HeartbeatBatch(deviceId, sentAt, part));
      if (r.statusCode() != 200) {
        throw new AssertionError("heartbeats " + deviceId + " → " + r.statusCode() + " " + r.body());
      }
      ack = Json.mapper().readValue(r.body(), HeartbeatAck.class);
    }
    return ack;
  }

  JsonNode get(String pathAndQuery) throws Exception {
    HttpResponse<String> r = getRaw(pathAndQuery);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + pathAndQuery + " → " + r.statusCode() + " " + r.body());
    }
    return Json.mapper().readTree(r.body());
  }

  HttpResponse<String> getRaw(String pathAndQuery) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + apiToken).GET().build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Sla(Double availability, long measuredSeconds, long downSeconds, long failures, long uptimeSeconds,
      Double mttfSeconds, Double mttrSeconds, Double mtbfSeconds, double mtbfLowerSeconds) {}
}
