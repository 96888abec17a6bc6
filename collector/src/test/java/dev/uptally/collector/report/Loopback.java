package dev.uptally.collector.report;

import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** An agent and API client of a collector on loopback. */
final class Loopback {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  Loopback(InetSocketAddress at) {
    this.base = "http://127.0.0.1:" + at.getPort();
  }

  private HttpResponse<byte[]> post(String path, String bearer, Object body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body))).build();
    return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Enrolls and sends every sample of the script; returns nothing, fails on any non-200. */
  void play(String enrollToken, DeviceScript d, String zone, long sentAt) throws Exception {
    HttpResponse<byte[]> r = post("/v1/enroll", enrollToken,
        new EnrollRequest(d.deviceId(), d.hostname(), d.deviceClass(), zone, "1.0.0", null, Map.of()));
    if (r.statusCode() != 200) {
      throw new AssertionError("enroll " + d.deviceId() + " → " + r.statusCode() + " " + new String(r.body()));
    }
    String token = Json.mapper().readValue(r.body(), EnrollResponse.class).deviceToken();
    List<Sample> all = d.samples();
    for (int i = 0; i < all.size(); i += 1000) {
      HttpResponse<byte[]> h = post("/v1/heartbeats", token,
          new HeartbeatBatch(d.deviceId(), sentAt, all.subList(i, Math.min(all.size(), i + 1000))));
      if (h.statusCode() != 200) {
        throw new AssertionError("heartbeats " + d.deviceId() + " → " + h.statusCode() + " " + new String(h.body()));
      }
    }
  }

  HttpResponse<byte[]> get(String pathAndQuery, String bearer) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(60))
        .GET();
    if (bearer != null) {
      req.header("Authorization", "Bearer " + bearer);
    }
    return http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
