package dev.uptally.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.sla.TestConfigs;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import dev.uptally.config.collector.CollectorConfig;
import dev.uptally.config.collector.RateLimits;
import dev.uptally.config.collector.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The design's {@code 429 rate limited (with Retry-After)} on the assembled collector: a device over its allowance
 * slows down only itself and loses nothing; an address guessing tokens is held off the token-checked paths while its
 * devices keep reporting. Time is the injected clock, so refills are exact.
 */
class RateLimitTest {

  private static final long NOW = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
  private static final String ENROLL = "acme-enroll-token-0123456789";
  private static final String VIEWER = "viewer-token-0123456789";
  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(NOW));
  private final HttpClient http = HttpClient.newHttpClient();
  private CollectorApp app;
  private CollectorClient client;

  private void start(Path dir, RateLimits limits) {
    CollectorConfig c = TestConfigs.standard(ZoneId.of("America/New_York"), dir.resolve("u.db"));
    ServerConfig s = c.server();
    CollectorConfig limited = new CollectorConfig(new ServerConfig(s.host(), s.port(), s.tls(), s.allowPlaintext(),
        s.metricsToken(), s.maxBodyBytes(), s.maxSamplesPerRequest(), limits), c.storage(), c.api(), c.heartbeat(),
        c.calendars(), c.contracts(), c.clients(), c.notifications());
    app = new CollectorApp(limited, clock, HttpTimeouts.DEFAULTS, 2);
    client = new CollectorClient(app.start(), VIEWER);
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private HttpResponse<String> beat(String token, String deviceId, long seq) throws Exception {
    long now = clock.millis();
    return client.post("/v1/heartbeats", token,
        new HeartbeatBatch(deviceId, now, List.of(Sample.heartbeat(seq, now, NOW - 3_600_000, null))));
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.address().getPort() + path))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aDeviceOverItsAllowanceGets429WithRetryAfterAndLosesNothing(@TempDir Path dir) throws Exception {
    start(dir, new RateLimits(60, 5, 30)); // bursts of 5, then one a second
    String busy = client.enroll(ENROLL, "acme-busy", "server", null);
    String calm = client.enroll(ENROLL, "acme-calm", "server", null);
    for (long seq = 0; seq < 5; seq++) {
      assertThat(beat(busy, "acme-busy", seq).statusCode()).as("request %d of the burst", seq).isEqualTo(200);
    }
    HttpResponse<String> limited = beat(busy, "acme-busy", 5);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("1");
    assertThat(limited.body()).contains("\"error\"").contains("acme-busy").contains("60 requests a minute");
    assertThat(beat(calm, "acme-calm", 0).statusCode()).as("another device is not slowed down").isEqualTo(200);
    for (int i = 0; i < 10; i++) {
      assertThat(beat("forged-device-token", "acme-busy", 99).statusCode())
          .as("a wrong token neither spends the device's allowance nor is rate limited").isEqualTo(401);
    }

    clock.advanceMillis(1_000);
    HttpResponse<String> retried = beat(busy, "acme-busy", 5);
    assertThat(retried.statusCode()).isEqualTo(200);
    assertThat(retried.body()).contains("\"ackedSeq\":5");
    assertThat(beat(busy, "acme-busy", 6).statusCode()).as("the refill was one request").isEqualTo(429);
    assertThat(client.get("/api/v1/devices/acme-busy").get("lastHeartbeat").asText()).isEqualTo("2026-11-25T12:00:01Z");
    assertThat(client.getRaw("/metrics").body())
        .contains("uptally_rate_limited_requests_total{limit=\"device\"} 2.0")
        .contains("uptally_ingest_rejected_total{reason=\"rate_limited\"} 2.0");
  }

  @Test
  void aClientEnrollingFasterThanItsAllowanceGets429WithRetryAfterWhileOtherClientsEnroll(@TempDir Path dir)
      throws Exception {
    start(dir, new RateLimits(300, 100, 30, 60, 3)); // three enrollments back to back, then one a second
    for (int i = 0; i < 3; i++) {
      client.enroll(ENROLL, "acme-new-" + i, "server", null);
    }
    HttpResponse<String> limited = client.post("/v1/enroll", ENROLL,
        new EnrollRequest("acme-new-3", "h", "server", null, "1", null, null));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("1");
    assertThat(limited.body()).contains("\"error\"").contains("acme").contains("60 devices a minute");
    assertThat(client.get("/api/v1/devices?client=acme").size()).as("the refused enrollment stored nothing")
        .isEqualTo(3);
    client.enroll("globex-enroll-token-0123456789", "globex-new", "server", null); // another client's own allowance
    for (int i = 0; i < 5; i++) {
      assertThat(client.post("/v1/enroll", "not-a-valid-token-at-all",
          new EnrollRequest("acme-x-" + i, "h", "server", null, "1", null, null)).statusCode())
          .as("a wrong token does not spend the client's allowance").isEqualTo(401);
    }

    clock.advanceMillis(1_000);
    client.enroll(ENROLL, "acme-new-3", "server", null);
    assertThat(client.post("/v1/enroll", ENROLL, new EnrollRequest("acme-new-4", "h", "server", null, "1", null,
        null)).statusCode()).as("the refill was one enrollment").isEqualTo(429);
    assertThat(client.getRaw("/metrics").body()).contains("uptally_rate_limited_requests_total{limit=\"enrollment\"} 2.0");
  }

  @Test
  void theDefaultEnrollmentAllowanceTakesAFirstRolloutWaveOfThreeHundredAtOnce(@TempDir Path dir) throws Exception {
    start(dir, RateLimits.DEFAULTS);
    for (int i = 0; i < 300; i++) {
      assertThat(client.post("/v1/enroll", ENROLL, new EnrollRequest("acme-wave-" + i, "h", "server", null, "1", null,
          null)).statusCode()).as("enrollment %d", i).isEqualTo(200);
    }
    assertThat(client.post("/v1/enroll", ENROLL, new EnrollRequest("acme-wave-300", "h", "server", null, "1", null,
        null)).statusCode()).isEqualTo(429);
    clock.advanceMillis(6_000); // ten a minute: one every 6 s, 600 an hour
    assertThat(client.post("/v1/enroll", ENROLL, new EnrollRequest("acme-wave-300", "h", "server", null, "1", null,
        null)).statusCode()).isEqualTo(200);
  }

  @Test
  void anAddressGuessingTokensIsHeldOffTokenCheckedPathsButItsDevicesKeepReporting(@TempDir Path dir)
      throws Exception {
    start(dir, new RateLimits(300, 100, 3)); // three wrong tokens a minute, one forgiven every 20 s
    String device = client.enroll(ENROLL, "acme-1", "server", null);
    assertThat(get("/api/v1/devices", "guess-1").statusCode()).isEqualTo(401);
    assertThat(client.post("/v1/enroll", "guess-2", new EnrollRequest("acme-9", "h", "server", null, "1", null, null))
        .statusCode()).isEqualTo(401);
    assertThat(get("/api/v1/devices", "guess-3").statusCode()).isEqualTo(401);

    HttpResponse<String> held = get("/api/v1/devices", VIEWER);
    assertThat(held.statusCode()).as("even the right token: a guesser must not learn it guessed right").isEqualTo(429);
    assertThat(held.headers().firstValue("Retry-After")).contains("20");
    assertThat(held.body()).contains("too many failed tokens");
    assertThat(client.post("/v1/enroll", ENROLL, new EnrollRequest("acme-2", "h", "server", null, "1", null, null))
        .statusCode()).isEqualTo(429);
    assertThat(beat(device, "acme-1", 0).statusCode()).as("heartbeats are never held off").isEqualTo(200);
    assertThat(get("/healthz", "x").statusCode()).isEqualTo(200);
    assertThat(get("/metrics", "x").statusCode()).as("an open /metrics stays scrapeable from a held-off address")
        .isEqualTo(200);

    clock.advanceMillis(20_000);
    assertThat(get("/api/v1/devices", VIEWER).statusCode()).isEqualTo(200);
    assertThat(client.getRaw("/metrics").body()).contains("uptally_rate_limited_requests_total{limit=\"auth_failures\"} 2.0");
  }

  @Test
  void guessesPipelinedOnOneConnectionAreHeldOffToo(@TempDir Path dir) throws Exception {
    start(dir, new RateLimits(300, 100, 3));
    StringBuilder requests = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n\r\n"); // slow: served off the loop
    for (int i = 0; i < 8; i++) {
      requests.append("GET /api/v1/devices HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer guess-").append(i)
          .append("\r\n\r\n");
    }
    requests.append("GET /api/v1/devices HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ").append(VIEWER)
        .append("\r\nConnection: close\r\n\r\n");
    String answers;
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.address().getPort())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(requests.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      answers = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    List<String> statuses = java.util.regex.Pattern.compile("HTTP/1\\.1 (\\d{3})").matcher(answers).results()
        .map(m -> m.group(1)).toList();
    // after the third failure every answer is 429: from the router for requests already past the gate, or from the
    // gate, which then closes the connection (so how many answers arrive depends on timing, never their kind)
    assertThat(statuses).as("the page, three guesses answered, then only 429 — the right token too")
        .startsWith("200", "401", "401", "401", "429");
    assertThat(statuses.subList(4, statuses.size())).containsOnly("429");
  }

  @Test
  void zeroTurnsTheLimitsOff(@TempDir Path dir) throws Exception {
    start(dir, new RateLimits(0, 0, 0));
    String device = client.enroll(ENROLL, "acme-1", "server", null);
    for (long seq = 0; seq < 200; seq++) {
      assertThat(beat(device, "acme-1", seq).statusCode()).isEqualTo(200);
    }
    for (int i = 0; i < 50; i++) {
      assertThat(get("/api/v1/devices", "guess-" + i).statusCode()).isEqualTo(401);
    }
    assertThat(get("/api/v1/devices", VIEWER).statusCode()).isEqualTo(200);
  }
}
