package dev.uptally.collector.incident;

import static dev.uptally.collector.incident.IncidentDevices.device;
import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.audit.AuditAction;
import dev.uptally.collector.audit.AuditEntry;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.json.Json;
import dev.uptally.config.collector.AuditConfig;
import dev.uptally.config.collector.CollectorConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The audit log of a real collector (SQLite, {@link MutableClock}) through {@code GET /api/v1/audit}: operator actions
 * with the token's name, the peer's address and the target, kept through a restart; refused tokens without the token,
 * bounded per address and minute; the route's own refusals of bad parameters and of roles below admin.
 */
class AuditTrailTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final String GUESS = "guessed-secret-0123456789";

  @TempDir
  Path dir;
  private MutableClock clock;
  private CollectorConfig config;
  private CollectorApp app;
  private ApiClient api;

  private static long at(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }

  @BeforeEach
  void start() {
    clock = new MutableClock(Instant.ofEpochMilli(at("2026-11-02T08:00")));
    config = ContractFixtures.config(NY, dir.resolve("uptally.db"));
    startApp();
  }

  private void startApp() {
    app = new CollectorApp(config, clock, HttpTimeouts.DEFAULTS, 2);
    api = new ApiClient(app.start());
  }

  @AfterEach
  void stop() {
    app.close();
  }

  /** A workstation heard from until Wednesday noon, silent since: its deviceDown incident is open. */
  private String silentWorkstationsIncident() throws Exception {
    DeviceScript ws = device("ws-1", "workstation", at("2026-11-02T08:00")).beatUpTo(at("2026-11-04T12:00"));
    String token = api.enroll(ws, NY.getId());
    api.send(token, ws.deviceId(), ws.between(clock.millis() - 1, clock.millis()), clock.millis());
    api.live(clock, token, ws, clock.millis(), at("2026-11-04T12:00"));
    clock.set(Instant.ofEpochMilli(at("2026-11-04T12:30")));
    app.fleet().tickAll(clock.millis()).join();
    app.contractEngine().evaluate(clock.millis());
    app.contractEngine().awaitIdle();
    JsonNode open = api.get("/api/v1/incidents?state=open");
    assertThat(open).hasSize(1);
    return open.get(0).get("id").asText();
  }

  private HttpResponse<String> post(String path, String token, String json) throws Exception {
    HttpResponse<String> r = api.post(path, token, json);
    app.contractEngine().awaitIdle();
    return r;
  }

  private JsonNode audit(String query) throws Exception {
    HttpResponse<String> r = api.getRaw("/api/v1/audit" + query, ContractFixtures.ADMIN_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }

  private static List<String> field(JsonNode rows, String name) {
    List<String> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.get(name).isNull() ? null : r.get(name).asText()));
    return out;
  }

  @Test
  void operatorActionsAreRecordedWithTokenAddressAndTargetNewestFirstAndKeptThroughARestart() throws Exception {
    String incident = silentWorkstationsIncident();
    String ack = "/api/v1/incidents/" + incident + "/ack";
    assertThat(post(ack, ContractFixtures.OPERATOR_TOKEN, "{\"note\":\"on it\"}").statusCode()).isEqualTo(200);
    clock.advanceMillis(1_000);
    assertThat(post(ack, ContractFixtures.OPERATOR_TOKEN, null).statusCode()).isEqualTo(200);
    clock.advanceMillis(1_000);
    assertThat(post("/api/v1/incidents/" + incident + "/resolve", ContractFixtures.OPERATOR_TOKEN, null).statusCode())
        .isEqualTo(200);
    clock.advanceMillis(1_000);
    assertThat(post("/api/v1/devices/ws-1/retire", ContractFixtures.OPERATOR_TOKEN, "{\"reason\":\"failed\"}")
        .statusCode()).isEqualTo(200);
    clock.advanceMillis(1_000);
    assertThat(post("/api/v1/devices/ws-1/reinstate", ContractFixtures.ADMIN_TOKEN, null).statusCode()).isEqualTo(200);
    clock.advanceMillis(1_000);
    assertThat(post("/api/v1/devices/ws-1/release", ContractFixtures.OPERATOR_TOKEN, null).statusCode())
        .isEqualTo(200);
    assertThat(post("/api/v1/devices/nosuch/release", ContractFixtures.OPERATOR_TOKEN, null).statusCode())
        .as("an action refused as unknown is no action").isEqualTo(404);

    JsonNode rows = audit("");
    assertThat(field(rows, "action")).containsExactly("device.release", "device.reinstate", "device.retire",
        "incident.resolve", "incident.acknowledge", "incident.acknowledge");
    assertThat(field(rows, "tokenName")).containsExactly("noc", "admin", "noc", "noc", "noc", "noc");
    assertThat(field(rows, "address")).containsOnly("127.0.0.1");
    assertThat(field(rows, "target")).containsExactly("ws-1", "ws-1", "ws-1", incident, incident, incident);
    assertThat(field(rows, "detail").subList(3, 6)).containsExactly("acknowledged -> resolved",
        "unchanged: the incident was acknowledged already", "open -> acknowledged, note of 5 characters");
    assertThat(rows.get(2).get("detail").asText()).startsWith("failed at ");
    assertThat(rows.get(5).get("at").asText()).isEqualTo("2026-11-04T17:30:00Z");
    assertThat(api.getRaw("/api/v1/audit", ContractFixtures.ADMIN_TOKEN).headers().firstValue("X-Total-Count"))
        .hasValue("6");
    assertThat(field(audit("?action=incident.acknowledge&limit=1&offset=1"), "detail"))
        .containsExactly("open -> acknowledged, note of 5 characters");

    String before = api.getRaw("/api/v1/audit", ContractFixtures.ADMIN_TOKEN).body();
    app.close();
    startApp();
    assertThat(api.getRaw("/api/v1/audit", ContractFixtures.ADMIN_TOKEN).body()).isEqualTo(before);
  }

  @Test
  void theBulkRoutesRecordOneRowPerIncidentChangedAndNoneWhenTheyRefuse() throws Exception {
    String incident = silentWorkstationsIncident();
    HttpResponse<String> refused = post("/api/v1/incidents/ack", ContractFixtures.OPERATOR_TOKEN,
        "{\"ids\":[\"" + incident + "\",\"nosuch\"],\"note\":\"all of them\"}");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(404);
    assertThat(audit("")).as("a bulk change refused as a whole changed nothing and records no action").isEmpty();

    clock.advanceMillis(1_000);
    assertThat(post("/api/v1/incidents/ack", ContractFixtures.OPERATOR_TOKEN,
        "{\"ids\":[\"" + incident + "\"],\"note\":\"batch\"}").statusCode()).isEqualTo(200);
    clock.advanceMillis(1_000);
    assertThat(post("/api/v1/incidents/resolve", ContractFixtures.OPERATOR_TOKEN,
        "{\"ids\":[\"" + incident + "\"]}").statusCode()).isEqualTo(200);

    JsonNode rows = audit("");
    assertThat(field(rows, "action")).containsExactly("incident.resolve", "incident.acknowledge");
    assertThat(field(rows, "target")).containsExactly(incident, incident);
    assertThat(field(rows, "tokenName")).containsOnly("noc");
    assertThat(field(rows, "detail")).containsExactly("acknowledged -> resolved",
        "open -> acknowledged, note of 5 characters");
  }

  @Test
  void refusedTokensAreRecordedWithoutTheTokenAtMostTenAMinuteFromAnAddressAndTheRestSummarised() throws Exception {
    HttpResponse<String> forbidden = api.post("/api/v1/devices/ws-1/reinstate", ContractFixtures.VIEWER_TOKEN, null);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    for (int i = 0; i < 12; i++) {
      assertThat(api.getRaw("/api/v1/devices?client=acme", GUESS + i).statusCode()).isEqualTo(401);
    }
    assertThat(api.getRaw("/api/v1/devices", "").statusCode()).isEqualTo(401);
    app.audit().flush(clock.millis());

    JsonNode rows = audit("");
    assertThat(field(rows, "action")).containsOnly("token.refused", "forbidden").hasSize(10);
    JsonNode first = rows.get(rows.size() - 1);
    assertThat(first.get("action").asText()).isEqualTo("forbidden");
    assertThat(first.get("tokenName").asText()).isEqualTo("viewer");
    assertThat(first.get("target").asText()).isEqualTo("POST /api/v1/devices/ws-1/reinstate");
    assertThat(first.get("detail").asText()).isEqualTo("needs role admin, the token has viewer");
    assertThat(rows.get(0).get("tokenName").isNull()).isTrue();
    assertThat(rows.get(0).get("address").asText()).isEqualTo("127.0.0.1");
    assertThat(rows.get(0).get("target").asText()).isEqualTo("GET /api/v1/devices");
    assertThat(rows.get(0).get("detail").asText()).isEqualTo("unknown token");

    clock.advanceMillis(60_000);
    app.audit().flush(clock.millis());
    JsonNode summary = audit("?action=refusals.summarised");
    assertThat(field(summary, "detail")).singleElement().asString().startsWith("and 4 more from 127.0.0.1");
    assertThat(api.getRaw("/api/v1/audit?limit=5000", ContractFixtures.ADMIN_TOKEN).body())
        .doesNotContain("guessed").doesNotContain("Bearer");
  }

  @Test
  void theRouteIsForAdminsAndRefusesUnknownParametersBadTimesAndActionsAndTooLargePages() throws Exception {
    assertThat(api.getRaw("/api/v1/audit", ContractFixtures.OPERATOR_TOKEN).statusCode()).isEqualTo(403);
    assertThat(api.getRaw("/api/v1/audit", ContractFixtures.VIEWER_TOKEN).statusCode()).isEqualTo(403);
    assertThat(api.getRaw("/api/v1/audit", GUESS).statusCode()).isEqualTo(401);
    for (String bad : List.of("?actoin=device.retire", "?from=yesterday", "?from=2026-11-02&to=2026-11-01",
        "?action=device.explode", "?limit=5001", "?limit=0", "?offset=-1")) {
      HttpResponse<String> r = api.getRaw("/api/v1/audit" + bad, ContractFixtures.ADMIN_TOKEN);
      assertThat(r.statusCode()).as(bad + ": " + r.body()).isEqualTo(400);
    }
    assertThat(api.getRaw("/api/v1/audit?action=device.explode", ContractFixtures.ADMIN_TOKEN).body())
        .contains("device.explode", "device.retire");
    assertThat(api.getRaw("/api/v1/audit?limit=5000", ContractFixtures.ADMIN_TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void theCollectorsAuditLogPrunesByTheConfiguredRetention() throws Exception {
    long now = clock.millis();
    app.audit().append(AuditEntry.of(now - Duration.ofDays(31).toMillis(), "noc", null, AuditAction.DEVICE_RELEASE,
        "beyond", null));
    app.audit().append(AuditEntry.of(now - Duration.ofDays(29).toMillis(), "noc", null, AuditAction.DEVICE_RELEASE,
        "within", null));
    app.close();
    config = new CollectorConfig(config.server(), config.storage(), config.api(), config.heartbeat(),
        config.calendars(), config.contracts(), config.clients(), config.notifications(),
        new AuditConfig(Duration.ofDays(30)));
    startApp();
    // the log's thread prunes at start and daily; pruning here, the test does not wait for that thread
    assertThat(app.audit().prune(clock.millis())).isBetween(0L, 1L);
    assertThat(field(audit("?from=2026-09-01"), "target")).containsExactly("within");
  }

  @Test
  void theDefaultWindowIsTheLastSevenDays() throws Exception {
    long now = clock.millis();
    app.audit().append(AuditEntry.of(now - Duration.ofDays(8).toMillis(), "noc", "10.0.0.7",
        AuditAction.DEVICE_RELEASE, "old", null));
    app.audit().append(AuditEntry.of(now - Duration.ofDays(6).toMillis(), "noc", "10.0.0.7",
        AuditAction.DEVICE_RELEASE, "recent", null));
    assertThat(field(audit("?action=device.release"), "target")).containsExactly("recent");
    assertThat(field(audit("?action=device.release&from=2026-10-01"), "target")).containsExactly("recent", "old");
  }
}
