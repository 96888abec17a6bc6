package dev.uptally.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.sla.TestConfigs;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken requests against the assembled collector: each gets the right status and a clear message. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

  private static final long NOW = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
  private CollectorApp app;
  private CollectorClient client;
  private String base;
  private String acmeToken;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    app = new CollectorApp(TestConfigs.standard(ZoneId.of("America/New_York"), dir.resolve("u.db")),
        new MutableClock(Instant.ofEpochMilli(NOW)), HttpTimeouts.DEFAULTS, 2);
    client = new CollectorClient(app.start(), "viewer-token-0123456789");
    base = "http://127.0.0.1:" + app.address().getPort();
    acmeToken = client.enroll("acme-enroll-token-0123456789", "acme-1", "server", "America/New_York");
    client.enroll("globex-enroll-token-0123456789", "globex-1", "server", null);
  }

  @AfterAll
  void stop() {
    app.close();
  }

  @AfterEach
  void collectorIsStillHealthy() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(client.send(acmeToken, "acme-1", List.of(Sample.heartbeat(nextSeq++, NOW, NOW - 3_600_000, null)), NOW)
        .ackedSeq()).isEqualTo(nextSeq - 1);
  }

  private long nextSeq;

  private HttpResponse<String> postRaw(String path, String token, byte[] body, boolean gzip) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (gzip) {
      b.header("Content-Encoding", "gzip");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void malformedJsonIsA400NamingWhere() throws Exception {
    HttpResponse<String> r = postRaw("/v1/heartbeats", acmeToken,
        "{\"deviceId\":\"acme-1\",\"sentAt\":\"soon\",\"samples\":[]}".getBytes(StandardCharsets.UTF_8), false);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"error\"").contains("sentAt");
  }

  @Test
  void wrongEnrollmentTokenIs401() throws Exception {
    HttpResponse<String> r = client.post("/v1/enroll", "not-a-real-token-at-all",
        new dev.uptally.common.protocol.EnrollRequest("x-1", "h", "server", null, "1", null, null));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("enrollment token");
  }

  @Test
  void wrongDeviceTokenIs401() throws Exception {
    HttpResponse<String> r = client.post("/v1/heartbeats", "forged-device-token",
        new HeartbeatBatch("acme-1", NOW, List.of(Sample.heartbeat(999_999, NOW, NOW - 1000, null))));
    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void anotherClientsDeviceIdIsRefusedAndAHeartbeatForItIsAnsweredExactlyAsForAnUnknownId() throws Exception {
    HttpResponse<String> enroll = client.post("/v1/enroll", "acme-enroll-token-0123456789",
        new dev.uptally.common.protocol.EnrollRequest("globex-1", "h", "server", null, "1", null, null));
    assertThat(enroll.statusCode()).as("taken, without saying by whom").isEqualTo(409);
    assertThat(enroll.body()).contains("globex-1").doesNotContain("client").doesNotContain("globex-enroll");
    HttpResponse<String> taken = client.post("/v1/heartbeats", acmeToken,
        new HeartbeatBatch("globex-1", NOW, List.of(Sample.heartbeat(0, NOW, NOW - 1000, null))));
    HttpResponse<String> unknown = client.post("/v1/heartbeats", acmeToken,
        new HeartbeatBatch("nobody-1", NOW, List.of(Sample.heartbeat(0, NOW, NOW - 1000, null))));
    assertThat(taken.statusCode()).isEqualTo(403).isEqualTo(unknown.statusCode());
    assertThat(taken.body()).isEqualTo(unknown.body().replace("nobody-1", "globex-1"));
  }

  private HttpResponse<String> beatsJson(String json) throws Exception {
    return postRaw("/v1/heartbeats", acmeToken, json.getBytes(StandardCharsets.UTF_8), false);
  }

  private String batchJson(String sample) {
    return "{\"deviceId\":\"acme-1\",\"sentAt\":" + NOW + ",\"samples\":[" + sample + "]}";
  }

  @Test
  void aNullSampleIsA400NamingItWithoutExceptionText() throws Exception {
    HttpResponse<String> r = beatsJson(batchJson("null"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("samples[0] is null").doesNotContain("Exception").doesNotContain("java.");
  }

  /** Wire protocol v1: an event value the collector does not know (a newer agent's) is a plain heartbeat. */
  @Test
  void anEventTheCollectorDoesNotKnowIsAPlainHeartbeatNeverRefused() throws Exception {
    for (String event : new String[] {"hibernate", "hibernate-v2"}) {
      long seq = nextSeq++;
      HttpResponse<String> r = beatsJson(batchJson("{\"seq\":" + seq + ",\"time\":" + NOW + ",\"bootTime\":"
          + (NOW - 3_600_000) + ",\"event\":\"" + event + "\"}"));
      assertThat(r.statusCode()).as("%s: %s", event, r.body()).isEqualTo(200);
      assertThat(r.body()).contains("\"ackedSeq\":" + seq);
    }
  }

  @Test
  void aFractionalSeqIsRefusedNotTruncated() throws Exception {
    HttpResponse<String> r = beatsJson(batchJson("{\"seq\":7000000.5,\"time\":" + NOW + ",\"bootTime\":" + (NOW - 3_600_000)
        + "}"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("samples[0].seq");
    assertThat(client.get("/api/v1/devices/acme-1").toString()).doesNotContain("7000000");
  }

  @Test
  void numbersWrittenAsStringsNaNOrInfinityAreRefusedNamingTheField() throws Exception {
    for (String usage : new String[] {"\"NaN\"", "\"-Infinity\"", "\"0.5\"", "1e400"}) {
      HttpResponse<String> r = beatsJson(batchJson("{\"seq\":7000001,\"time\":" + NOW + ",\"bootTime\":"
          + (NOW - 3_600_000) + ",\"health\":{\"cpu\":{\"usage\":" + usage + "}}}"));
      assertThat(r.statusCode()).as("usage %s", usage).isEqualTo(400);
      assertThat(r.body()).as("usage %s", usage).contains("samples[0].health.cpu.usage");
    }
    HttpResponse<String> literal = beatsJson(batchJson("{\"seq\":7000001,\"time\":" + NOW + ",\"bootTime\":"
        + (NOW - 3_600_000) + ",\"health\":{\"cpu\":{\"usage\":NaN}}}"));
    assertThat(literal.statusCode()).isEqualTo(400);
    assertThat(literal.body()).contains("NaN").contains("column"); // not JSON at all: named by its position
    HttpResponse<String> seq = beatsJson(batchJson("{\"seq\":\"7000001\",\"time\":" + NOW + ",\"bootTime\":"
        + (NOW - 3_600_000) + "}"));
    assertThat(seq.statusCode()).isEqualTo(400);
    assertThat(seq.body()).contains("samples[0].seq");
  }

  @Test
  void hostnameControlCharactersAreRemovedAtEnrollmentAndNothingLeftIsA400() throws Exception {
    String json = "{\"deviceId\":\"acme-ctl\",\"hostname\":\" acct\\u0000-laptop\\u001b\\u202e-07\\n\","
        + "\"deviceClass\":\"laptop\",\"agentVersion\":\"1\"}";
    HttpResponse<String> r = postRaw("/v1/enroll", "acme-enroll-token-0123456789", json.getBytes(StandardCharsets.UTF_8),
        false);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(client.get("/api/v1/devices/acme-ctl").get("hostname").asText()).isEqualTo("acct-laptop-07");
    HttpResponse<String> empty = postRaw("/v1/enroll", "acme-enroll-token-0123456789",
        "{\"deviceId\":\"acme-ctl2\",\"hostname\":\"\\u0000\\t \",\"deviceClass\":\"laptop\"}"
            .getBytes(StandardCharsets.UTF_8), false);
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("hostname is empty");
  }

  @Test
  void oversizedTagsAndInventoriesAreA400NamingTheField() throws Exception {
    java.util.Map<String, String> bigTag = java.util.Map.of("notes", "x".repeat(60_000));
    HttpResponse<String> tag = client.post("/v1/enroll", "acme-enroll-token-0123456789",
        new dev.uptally.common.protocol.EnrollRequest("acme-tags", "h", "server", null, "1", null, bigTag));
    assertThat(tag.statusCode()).isEqualTo(400);
    assertThat(tag.body()).contains("tags.notes").contains("256");
    java.util.Map<String, String> many = new java.util.HashMap<>();
    for (int i = 0; i < 33; i++) {
      many.put("k" + i, "v");
    }
    HttpResponse<String> count = client.post("/v1/enroll", "acme-enroll-token-0123456789",
        new dev.uptally.common.protocol.EnrollRequest("acme-tags", "h", "server", null, "1", null, many));
    assertThat(count.statusCode()).isEqualTo(400);
    assertThat(count.body()).contains("tags has 33 entries");
    List<dev.uptally.common.protocol.Inventory.NetworkInterface> nics = new java.util.ArrayList<>();
    for (int i = 0; i < 257; i++) {
      nics.add(new dev.uptally.common.protocol.Inventory.NetworkInterface("veth" + i, "02:00:00:00:00:01", null));
    }
    HttpResponse<String> inv = client.post("/v1/enroll", "acme-enroll-token-0123456789",
        new dev.uptally.common.protocol.EnrollRequest("acme-tags", "h", "server", null, "1",
            new dev.uptally.common.protocol.Inventory(null, null, null, null, null, nics), null));
    assertThat(inv.statusCode()).isEqualTo(400);
    assertThat(inv.body()).contains("inventory.network has 257 entries");
    assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/devices/acme-tags"))
        .header("Authorization", "Bearer viewer-token-0123456789").build(), HttpResponse.BodyHandlers.ofString())
        .statusCode()).as("nothing was enrolled").isEqualTo(404);
  }

  @Test
  void aBatchSpanningADeviceClockStepBackIsAcceptedWholeAndCounted() throws Exception {
    String token = client.enroll("acme-enroll-token-0123456789", "acme-step", "server", null);
    long boot = NOW - 120_000; // booted 2 min ago by a clock that then stepped back 10 min
    HttpResponse<String> r = client.post("/v1/heartbeats", token, new HeartbeatBatch("acme-step", NOW, List.of(
        Sample.heartbeat(0, NOW - 60_000, boot, null), Sample.heartbeat(1, NOW, boot, null),
        Sample.heartbeat(2, NOW - 570_000, boot, null), Sample.heartbeat(3, NOW - 540_000, boot, null))));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"ackedSeq\":3");
    assertThat(client.get("/api/v1/devices/acme-step").get("lastHeartbeat").asText()).isEqualTo("2026-11-25T12:00:00Z");
    assertThat(client.getRaw("/metrics").body()).contains("uptally_ingest_clock_stepped_back_samples_total 2.0");
  }

  @Test
  void sampleFromTomorrowIsRefused() throws Exception {
    long tomorrow = NOW + 86_400_000L;
    HttpResponse<String> r = client.post("/v1/heartbeats", acmeToken,
        new HeartbeatBatch("acme-1", NOW, List.of(Sample.heartbeat(500_000, tomorrow, NOW - 1000, null))));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("samples[0].time").contains("future");
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    byte[] big = new byte[5 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) ' ');
    big[0] = '{';
    big[big.length - 1] = '}';
    HttpResponse<String> r = postRaw("/v1/heartbeats", acmeToken, big, false);
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void gzipBombIs413() throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) { // 64 MiB of zeros → about 64 KiB on the wire
        gz.write(zeros);
      }
    }
    HttpResponse<String> r = postRaw("/v1/heartbeats", acmeToken, compressed.toByteArray(), true);
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void tooManySamplesIsRefused() throws Exception {
    List<Sample> many = new java.util.ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      many.add(Sample.heartbeat(1_000_000 + i, NOW - 1000, NOW - 2000, null));
    }
    HttpResponse<String> r = client.post("/v1/heartbeats", acmeToken, new HeartbeatBatch("acme-1", NOW, many));
    assertThat(r.statusCode()).isIn(400, 413);
    assertThat(r.body()).contains("1000");
  }

  @Test
  void samplesOutOfOrderAreA400NamingTheSample() throws Exception {
    HttpResponse<String> r = client.post("/v1/heartbeats", acmeToken, new HeartbeatBatch("acme-1", NOW,
        List.of(Sample.heartbeat(2_000_001, NOW - 1000, NOW - 5000, null), Sample.heartbeat(2_000_000, NOW, NOW - 5000, null))));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("samples[1].seq");
  }
}
