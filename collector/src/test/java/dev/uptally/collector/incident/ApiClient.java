package dev.uptally.collector.incident;

import dev.uptally.collector.it.MutableClock;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A plain HTTP client of a collector on loopback: enrollment, heartbeats and API v1. */
final class ApiClient {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  ApiClient(InetSocketAddress at) {
    this.base = "http://127.0.0.1:" + at.getPort();
  }

  HttpResponse<String> post(String path, String bearer, String json) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
        .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  /** A POST with no Content-Type; {@code body} null sends none (Content-Length: 0). */
  HttpResponse<String> postUntyped(String path, String bearer, String body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + bearer)
        .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  String enroll(DeviceScript d, String zone) throws Exception {
    HttpResponse<String> r = post("/v1/enroll", ContractFixtures.ENROLL_TOKEN, Json.mapper().writeValueAsString(
        new EnrollRequest(d.deviceId(), "host-" + d.deviceId(), d.deviceClass(), zone, "1.0.0", null, Map.of())));
    if (r.statusCode() != 200) {
      throw new AssertionError("enroll " + d.deviceId() + " → " + r.statusCode() + " " + r.body());
    }
    return Json.mapper().readValue(r.body(), EnrollResponse.class).deviceToken();
  }

  /** Sends samples in batches of at most 1000, stamped as sent at {@code sentAt}. */
  void send(String token, String deviceId, List<Sample> samples, long sentAt) throws Exception {
    for (int i = 0; i < samples.size(); i += 1000) {
      List<Sample> part = samples.subList(i, Math.min(samples.size(), i + 1000));
      HttpResponse<String> r = post("/v1/heartbeats", token,
          Json.mapper().writeValueAsString(new HeartbeatBatch(deviceId, sentAt, part, null)));
      if (r.statusCode() != 200) {
        throw new AssertionError("heartbeats " + deviceId + " → " + r.statusCode() + " " + r.body());
      }
    }
  }

  HttpResponse<String> getRaw(String pathAndQuery, String bearer) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + bearer).GET().build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  JsonNode get(String pathAndQuery) throws Exception {
    HttpResponse<String> r = getRaw(pathAndQuery, ContractFixtures.VIEWER_TOKEN);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + pathAndQuery + " → " + r.statusCode() + " " + r.body());
    }
    return Json.mapper().readTree(r.body());
  }

  /**
   * Lets time pass from {@code from} to {@code to} in 5-minute steps, each step's samples sent when it ends: the
   * collector never sees a gap longer than grace, so no silence is declared that the script did not ask for.
   */
  void live(MutableClock clock, String token, DeviceScript d, long fromMillis, long toMillis) throws Exception {
    live(clock, Map.of(d, token), fromMillis, toMillis);
  }

  /** As {@link #live(MutableClock, String, DeviceScript, long, long)}, for several devices (device → its token). */
  void live(MutableClock clock, Map<DeviceScript, String> devices, long fromMillis, long toMillis) throws Exception {
    long step = IncidentDevices.INTERVAL;
    for (long t = fromMillis + step; t < toMillis + step; t += step) {
      long now = Math.min(t, toMillis);
      clock.set(Instant.ofEpochMilli(now));
      for (Map.Entry<DeviceScript, String> e : devices.entrySet()) {
        List<Sample> slice = e.getKey().between(now - step, now);
        if (!slice.isEmpty()) {
          send(e.getValue(), e.getKey().deviceId(), slice, now);
        }
      }
    }
  }
}
