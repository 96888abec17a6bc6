package dev.uptally.collector.incident;

import static dev.uptally.collector.incident.IncidentDevices.device;
import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.ShutdownReason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Retiring a device through the API of a real collector (SQLite, {@link MutableClock}, client zone New York; patch
 * window TUE 01:00-04:00 for every class, workstations deviceDown P3): its timeline ends, its incidents are resolved,
 * later verdicts withdrawn, its token refused, and a reinstatement restores all of it.
 */
class DeviceRetirementTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");

  @TempDir
  Path dir;
  private MutableClock clock;
  private CollectorApp app;
  private ApiClient api;
  private URI base;

  private static long at(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }

  @BeforeEach
  void start() {
    clock = new MutableClock(Instant.ofEpochMilli(at("2026-11-02T08:00")));
    app = new CollectorApp(ContractFixtures.config(NY, dir.resolve("uptally.db")), clock, HttpTimeouts.DEFAULTS, 2);
    var address = app.start();
    base = URI.create("http://127.0.0.1:" + address.getPort());
    api = new ApiClient(address);
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private void passTo(String local) {
    clock.set(Instant.ofEpochMilli(at(local)));
    app.fleet().tickAll(clock.millis()).join();
    app.contractEngine().evaluate(clock.millis());
    app.contractEngine().awaitIdle();
  }

  private HttpResponse<String> retire(String deviceId, String json, String token) throws Exception {
    HttpResponse<String> r = api.post("/api/v1/devices/" + deviceId + "/retire", token, json);
    app.contractEngine().awaitIdle();
    return r;
  }

  private JsonNode missedWindows(String deviceId) throws Exception {
    return api.get("/api/v1/violations?party=customer&from=2026-11-01&to=2026-12-01");
  }

  private long windowsMissedBy(String deviceId) throws Exception {
    long n = 0;
    for (JsonNode v : missedWindows(deviceId)) {
      if (v.get("deviceId").asText().equals(deviceId) && v.get("type").asText().equals("patch-window-missed")) {
        n++;
      }
    }
    return n;
  }

  /** A workstation heard from Monday 2026-11-02 08:00 to Wednesday 11-04 12:00, then never again. */
  private String deadWorkstation() throws Exception {
    DeviceScript ws = device("ws-dead", "workstation", at("2026-11-02T08:00")).beatUpTo(at("2026-11-04T12:00"));
    String token = api.enroll(ws, "America/New_York");
    api.send(token, ws.deviceId(), ws.between(clock.millis() - 1, clock.millis()), clock.millis());
    api.live(clock, token, ws, clock.millis(), at("2026-11-04T12:00"));
    app.contractEngine().awaitIdle();
    return token;
  }

  @Test
  void aDeviceRetiredAsFailedEndsItsTimelineResolvesItsIncidentsAndLosesItsToken() throws Exception {
    String token = deadWorkstation();
    long lastSample = at("2026-11-04T12:00");
    passTo("2026-11-04T12:30");
    passTo("2026-11-23T10:00"); // three weeks of silence: two patch windows missed, deviceDown open
    assertThat(api.get("/api/v1/devices/ws-dead").get("cause").asText()).isEqualTo("silent");
    assertThat(api.get("/api/v1/incidents?state=open")).extracting(i -> i.get("rule").asText()).contains("deviceDown");
    assertThat(windowsMissedBy("ws-dead")).isEqualTo(2);
    JsonNode before = api.get("/api/v1/devices/ws-dead/sla?from=2026-11-01&to=2026-11-23T15:00:00Z");
    assertThat(before.get("failures").asLong()).isEqualTo(1);

    HttpResponse<String> r = retire("ws-dead", "{\"reason\":\"failed\",\"note\":\"mainboard dead\"}",
        ContractFixtures.OPERATOR_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode view = Json.mapper().readTree(r.body());
    assertThat(view.get("state").asText()).isEqualTo("retired");
    assertThat(view.get("retiredReason").asText()).isEqualTo("failed");
    assertThat(view.get("retiredAt").asText()).isEqualTo("2026-11-23T15:00:00Z");

    // the silence before the retirement is no downtime and no failure; what it served stays
    JsonNode after = api.get("/api/v1/devices/ws-dead/sla?from=2026-11-01&to=2026-11-23T15:00:00Z");
    assertThat(after.get("failures").asLong()).isZero();
    assertThat(after.get("downSeconds").asLong()).isZero();
    assertThat(after.get("uptimeSeconds").asLong()).isEqualTo((lastSample - at("2026-11-02T08:00") + 60_000) / 1000);
    assertThat(windowsMissedBy("ws-dead")).as("verdicts after its service end are withdrawn").isZero();
    JsonNode incidents = api.get("/api/v1/incidents");
    assertThat(incidents).allSatisfy(i -> assertThat(i.get("state").asText()).isEqualTo("resolved"));
    assertThat(incidents).filteredOn(i -> i.get("rule").asText().equals("deviceDown")).singleElement()
        .satisfies(i -> {
          assertThat(i.get("resolution").asText()).isEqualTo("retired");
          assertThat(i.get("resolvedBy").asText()).isEqualTo("noc");
        });
    assertThat(api.get("/api/v1/devices")).isEmpty();
    assertThat(api.get("/api/v1/devices?retired=true")).extracting(d -> d.get("deviceId").asText())
        .containsExactly("ws-dead");
    assertThat(api.get("/api/v1/devices?state=retired")).hasSize(1);
    assertThat(metrics().lines().filter(l -> l.startsWith("uptally_device") && l.contains("device=\"ws-dead\"")))
        .as("a retired device has no per-device series").isEmpty();

    // its token is refused, saying why, and counted; the id cannot be enrolled again
    HttpResponse<String> beat = api.post("/v1/heartbeats", token, Json.mapper().writeValueAsString(new HeartbeatBatch(
        "ws-dead", clock.millis(), List.of(Sample.heartbeat(10_000, clock.millis(), lastSample - 3_600_000, null)),
        null)));
    assertThat(beat.statusCode()).isEqualTo(401);
    assertThat(beat.body()).contains("retired", "failed");
    HttpResponse<String> again = api.post("/v1/enroll", ContractFixtures.ENROLL_TOKEN, Json.mapper().writeValueAsString(
        new EnrollRequest("ws-dead", "host-ws-dead", "workstation", "America/New_York", "1.0.0", null, Map.of(), token)));
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(again.body()).contains("retired");
    assertThat(metrics()).contains("uptally_ingest_rejected_total{reason=\"retired\"}");

    // nothing is opened for it later
    passTo("2026-11-30T10:00");
    assertThat(api.get("/api/v1/incidents?state=open")).isEmpty();
    assertThat(windowsMissedBy("ws-dead")).isZero();
  }

  @Test
  void reinstatingRestoresTheLiveStateTheVerdictsAndTheToken() throws Exception {
    String token = deadWorkstation();
    passTo("2026-11-04T12:30");
    passTo("2026-11-23T10:00");
    assertThat(retire("ws-dead", "{\"reason\":\"decommissioned\"}", ContractFixtures.OPERATOR_TOKEN).statusCode())
        .isEqualTo(200);
    assertThat(windowsMissedBy("ws-dead")).isZero();

    HttpResponse<String> byOperator = api.post("/api/v1/devices/ws-dead/reinstate", ContractFixtures.OPERATOR_TOKEN,
        null);
    assertThat(byOperator.statusCode()).isEqualTo(403);
    HttpResponse<String> r = api.post("/api/v1/devices/ws-dead/reinstate", ContractFixtures.ADMIN_TOKEN, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    app.contractEngine().awaitIdle();
    JsonNode view = Json.mapper().readTree(r.body());
    assertThat(view.get("state").asText()).isEqualTo("down");
    assertThat(view.get("cause").asText()).isEqualTo("silent");
    assertThat(view.get("retiredAt").isNull()).isTrue();
    assertThat(windowsMissedBy("ws-dead")).as("the withdrawn verdicts stand again").isEqualTo(2);
    passTo("2026-11-23T10:01");
    assertThat(api.get("/api/v1/incidents?state=open")).extracting(i -> i.get("rule").asText()).contains("deviceDown");
    assertThat(api.post("/api/v1/devices/ws-dead/reinstate", ContractFixtures.ADMIN_TOKEN, null).statusCode())
        .as("not retired").isEqualTo(409);
    assertThat(token).isNotEmpty();
  }

  @Test
  void aRetirementInThePastWithdrawsTheVerdictsAfterIt() throws Exception {
    // a workstation switched off every evening misses every Tuesday window (cause shutdown); it keeps reporting
    DeviceScript ws = device("ws-old", "workstation", at("2026-11-02T08:00")).beatUpTo(at("2026-11-02T18:00"));
    for (int day = 3; day <= 20; day++) {
      String date = String.format("2026-11-%02d", day);
      ws.shutdown(ShutdownReason.OS, 1_000).repairedAndBooted(at(date + "T07:59"), at(date + "T08:00"), null)
          .beatUpTo(at(date + "T18:00"));
    }
    String token = api.enroll(ws, "America/New_York");
    clock.set(Instant.ofEpochMilli(at("2026-11-20T18:00")));
    api.send(token, ws.deviceId(), ws.samples(), clock.millis()); // its spool, replayed at once
    app.contractEngine().awaitIdle();
    passTo("2026-11-20T18:05");
    assertThat(windowsMissedBy("ws-old")).as("11-03, 11-10 and 11-17").isEqualTo(3);

    // replaced on 11-12 at noon; the old box went on reporting from the storeroom
    HttpResponse<String> r = retire("ws-old", "{\"reason\":\"replaced\",\"at\":\"2026-11-12T17:00:00Z\"}",
        ContractFixtures.OPERATOR_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode left = missedWindows("ws-old");
    assertThat(left).filteredOn(v -> v.get("deviceId").asText().equals("ws-old"))
        .extracting(v -> v.get("start").asText()).containsExactly("2026-11-03T06:00:00Z", "2026-11-10T06:00:00Z");
    JsonNode sla = api.get("/api/v1/devices/ws-old/sla?from=2026-11-12T17:00:00Z&to=2026-11-20T00:00:00Z");
    assertThat(sla.get("uptimeSeconds").asLong()).as("nothing after the retirement").isZero();
  }

  @Test
  void badRetirementsAreRefusedWithTheirReason() throws Exception {
    deadWorkstation();
    passTo("2026-11-05T09:00");
    assertThat(retire("ws-dead", "{\"reason\":\"stolen\"}", ContractFixtures.OPERATOR_TOKEN))
        .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
        .satisfies(r -> assertThat(r.body()).contains("'reason'", "stolen", "failed, replaced or decommissioned"));
    assertThat(retire("ws-dead", "{}", ContractFixtures.OPERATOR_TOKEN).body()).contains("'reason' is required");
    assertThat(retire("ws-dead", "{\"reason\":\"failed\",\"at\":\"2026-11-06T00:00:00Z\"}",
        ContractFixtures.OPERATOR_TOKEN)).satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
        .satisfies(r -> assertThat(r.body()).contains("in the future"));
    assertThat(retire("ws-dead", "{\"reason\":\"failed\",\"at\":\"2026-10-01T00:00:00Z\"}",
        ContractFixtures.OPERATOR_TOKEN)).satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
        .satisfies(r -> assertThat(r.body()).contains("before the device's first sample"));
    assertThat(retire("ws-dead", "{\"reason\":\"failed\",\"at\":\"yesterday\"}", ContractFixtures.OPERATOR_TOKEN)
        .body()).contains("'at'", "ISO-8601");
    assertThat(retire("ws-dead", "{\"reason\":\"failed\"}", ContractFixtures.VIEWER_TOKEN).statusCode())
        .isEqualTo(403);
    assertThat(retire("nosuch", "{\"reason\":\"failed\"}", ContractFixtures.OPERATOR_TOKEN).statusCode())
        .isEqualTo(404);
    assertThat(retire("ws-dead", "{\"reason\":\"failed\"}", ContractFixtures.OPERATOR_TOKEN).statusCode())
        .isEqualTo(200);
    assertThat(retire("ws-dead", "{\"reason\":\"failed\"}", ContractFixtures.OPERATOR_TOKEN))
        .satisfies(r -> assertThat(r.statusCode()).isEqualTo(409))
        .satisfies(r -> assertThat(r.body()).contains("retired already"));
    assertThat(api.getRaw("/api/v1/devices?retired=maybe", ContractFixtures.VIEWER_TOKEN).body())
        .contains("'retired'", "false, true or all");
  }

  private String metrics() throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
