package dev.uptally.collector.incident;

import static dev.uptally.collector.incident.IncidentDevices.device;
import static dev.uptally.collector.incident.IncidentDevices.health;
import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.json.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The incident work queue of a real collector over HTTP: filters, orders, bulk acknowledge and resolve, CSV. Client
 * zone New York, Tuesday 2026-11-17 (EST = UTC−5). Worked out by hand from the fixtures' contract:
 * <ul>
 *   <li>ws-full: disk 95 % full from its first sample at 09:00 → diskFull P2 opened 09:00, response due 10:00;
 *   <li>ws-hot: CPU at 90 °C from 09:50 → temperature P2 opened 09:50, response due 10:50;
 *   <li>srv-a and lt-d stop at 10:00 and are declared silent at 10:20 → deviceDown P1 (due 10:35) and P4 (24 hours
 *       of business hours: 7 h 40 min on Tuesday, 10 h on Wednesday, 6 h 20 min on Thursday → Thursday 14:20).
 * </ul>
 * Now is 10:40: srv-a's P1 and ws-full's P2 are overdue, ws-hot's P2 and lt-d's P4 are not.
 */
class IncidentWorkQueueTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");

  @TempDir
  Path dir;
  private MutableClock clock;
  private CollectorApp app;
  private ApiClient api;
  /** device id → its incident's id. */
  private final Map<String, String> incidentOf = new java.util.HashMap<>();

  private static long at(String local) {
    return LocalDateTime.parse("2026-11-17T" + local).atZone(NY).toInstant().toEpochMilli();
  }

  @BeforeEach
  void fourIncidentsOfThreePriorities() throws Exception {
    clock = new MutableClock(Instant.ofEpochMilli(at("09:00")));
    app = new CollectorApp(ContractFixtures.config(NY, dir.resolve("uptally.db")), clock, HttpTimeouts.DEFAULTS, 2);
    api = new ApiClient(app.start());
    DeviceScript server = device("srv-a", "server", at("09:00")).beatUpTo(at("10:00"));
    DeviceScript laptop = device("lt-d", "laptop", at("09:00")).beatUpTo(at("10:00"));
    DeviceScript full = DeviceScript.device("ws-full", "workstation").everyMillis(IncidentDevices.INTERVAL)
        .health(health(0.95, 51.0)).start(at("09:00") - 60_000, at("09:00")).beatUpTo(at("10:40"));
    DeviceScript hot = device("ws-hot", "workstation", at("09:00")).beatUpTo(at("09:45"))
        .beatUpTo(at("10:40"), health(0.40, 90.0));
    Map<DeviceScript, String> tokens = new java.util.LinkedHashMap<>();
    for (DeviceScript d : List.of(server, laptop, full, hot)) {
      String token = api.enroll(d, NY.getId());
      api.send(token, d.deviceId(), d.between(clock.millis() - 1, clock.millis()), clock.millis());
      tokens.put(d, token);
    }
    api.live(clock, tokens, at("09:00"), at("10:20"));
    app.fleet().tickAll(clock.millis()).join();
    app.contractEngine().awaitIdle();
    api.live(clock, Map.of(full, tokens.get(full), hot, tokens.get(hot)), at("10:20"), at("10:40"));
    app.contractEngine().evaluate(clock.millis());
    app.contractEngine().awaitIdle();
    for (JsonNode i : api.get("/api/v1/incidents")) {
      incidentOf.put(i.get("deviceId").asText(), i.get("id").asText());
    }
    assertThat(incidentOf).as("the scenario's incidents").containsOnlyKeys("srv-a", "lt-d", "ws-full", "ws-hot");
  }

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void everyIncidentCarriesItsDevicesHostnameAndWhichTargetIsDueNext() throws Exception {
    JsonNode p1 = api.get("/api/v1/incidents/" + incidentOf.get("srv-a"));
    assertThat(p1.get("hostname").asText()).isEqualTo("host-srv-a");
    assertThat(p1.get("priority").asText()).isEqualTo("P1");
    assertThat(p1.get("openedAt").asText()).isEqualTo("2026-11-17T15:20:00Z");
    assertThat(p1.get("nextDue").asText()).isEqualTo("2026-11-17T15:35:00Z");
    assertThat(p1.get("nextDueTarget").asText()).isEqualTo("response");
    assertThat(p1.get("overdue").asBoolean()).isTrue();
    JsonNode p4 = api.get("/api/v1/incidents/" + incidentOf.get("lt-d"));
    assertThat(p4.get("nextDue").asText()).isEqualTo("2026-11-19T19:20:00Z");
    assertThat(p4.get("overdue").asBoolean()).isFalse();
    assertThat(api.get("/api/v1/incidents")).allSatisfy(i -> assertThat(i.get("hostname").asText())
        .isEqualTo("host-" + i.get("deviceId").asText()));
  }

  @Test
  void priorityAndRuleFiltersTakeRepeatedAndCommaListsAndRefuseUnknownValuesNamingTheAllowedOnes()
      throws Exception {
    assertThat(devices("/api/v1/incidents?priority=P2")).containsExactlyInAnyOrder("ws-full", "ws-hot");
    assertThat(devices("/api/v1/incidents?priority=P1,P4")).containsExactlyInAnyOrder("srv-a", "lt-d");
    assertThat(devices("/api/v1/incidents?priority=P1&priority=P2")).containsExactlyInAnyOrder("srv-a", "ws-full",
        "ws-hot");
    assertThat(devices("/api/v1/incidents?rule=deviceDown")).containsExactlyInAnyOrder("srv-a", "lt-d");
    assertThat(devices("/api/v1/incidents?rule=diskFull,temperature&priority=P2"))
        .containsExactlyInAnyOrder("ws-full", "ws-hot");
    assertThat(devices("/api/v1/incidents?rule=deviceDown&priority=P2")).isEmpty();

    HttpResponse<String> rule = api.getRaw("/api/v1/incidents?rule=diskfull", ContractFixtures.VIEWER_TOKEN);
    assertThat(rule.statusCode()).isEqualTo(400);
    assertThat(rule.body()).contains("parameter 'rule' must be one of deviceDown, diskFull, temperature, batteryWorn,"
        + " patchWindowMissed, got 'diskfull'");
    HttpResponse<String> priority = api.getRaw("/api/v1/incidents?priority=P5", ContractFixtures.VIEWER_TOKEN);
    assertThat(priority.statusCode()).isEqualTo(400);
    assertThat(priority.body()).contains("P1, P2, P3, P4", "'P5'");
    assertThat(api.getRaw("/api/v1/incidents?sort=urgency", ContractFixtures.VIEWER_TOKEN).statusCode())
        .isEqualTo(400);
  }

  @Test
  void sortByPriorityPutsP1FirstThenOverdueThenEarliestDueAndByDueTheEarliestNextDueFirst() throws Exception {
    assertThat(devices("/api/v1/incidents?sort=priority")).containsExactly("srv-a", "ws-full", "ws-hot", "lt-d");
    assertThat(devices("/api/v1/incidents?sort=due")).containsExactly("ws-full", "srv-a", "ws-hot", "lt-d");
    // the default stays the store's, newest first
    List<String> opened = new ArrayList<>();
    api.get("/api/v1/incidents").forEach(i -> opened.add(i.get("openedAt").asText()));
    assertThat(opened).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(devices("/api/v1/incidents")).endsWith("ws-hot", "ws-full");

    // once acknowledged, what is due next is the resolution (P2: 8 h after 09:00), so ws-full is no longer overdue
    ack(List.of(incidentOf.get("ws-full")), null);
    JsonNode acked = api.get("/api/v1/incidents/" + incidentOf.get("ws-full"));
    assertThat(acked.get("nextDueTarget").asText()).isEqualTo("resolution");
    assertThat(acked.get("nextDue").asText()).isEqualTo("2026-11-17T22:00:00Z");
    assertThat(acked.get("overdue").asBoolean()).isFalse();
    assertThat(devices("/api/v1/incidents?sort=priority")).containsExactly("srv-a", "ws-hot", "ws-full", "lt-d");
  }

  @Test
  void bulkAcknowledgeRecordsWhoWhenAndTheNoteOnEveryIncidentAndAnswersThemAfterTheChange() throws Exception {
    List<String> ids = List.of(incidentOf.get("srv-a"), incidentOf.get("ws-hot"));
    HttpResponse<String> r = ack(ids, "on it: ticket 4711");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answered = Json.mapper().readTree(r.body());
    assertThat(answered).extracting(i -> i.get("id").asText()).containsExactlyElementsOf(ids);
    for (String id : ids) {
      JsonNode i = api.get("/api/v1/incidents/" + id);
      assertThat(i.get("state").asText()).isEqualTo("acknowledged");
      assertThat(i.get("acknowledgedBy").asText()).isEqualTo("noc");
      assertThat(i.get("acknowledgedAt").asText()).isEqualTo("2026-11-17T15:40:00Z");
      assertThat(i.get("ackNote").asText()).isEqualTo("on it: ticket 4711");
    }
    assertThat(devices("/api/v1/incidents?state=open")).containsExactlyInAnyOrder("ws-full", "lt-d");

    clock.set(Instant.ofEpochMilli(at("10:45")));
    HttpResponse<String> resolved = api.post("/api/v1/incidents/resolve", ContractFixtures.OPERATOR_TOKEN,
        "{\"ids\":[\"" + incidentOf.get("srv-a") + "\"],\"note\":\"PSU replaced\"}");
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    JsonNode after = api.get("/api/v1/incidents/" + incidentOf.get("srv-a"));
    assertThat(after.get("state").asText()).isEqualTo("resolved");
    assertThat(after.get("resolvedBy").asText()).isEqualTo("noc");
    assertThat(after.get("resolvedAt").asText()).isEqualTo("2026-11-17T15:45:00Z");
    assertThat(after.get("resolveNote").asText()).isEqualTo("PSU replaced");
    assertThat(after.get("ackNote").asText()).as("the acknowledgement's note stays").isEqualTo("on it: ticket 4711");
  }

  @Test
  void aBulkRequestWithAnUnknownIdChangesNothingAndNamesTheUnknownIds() throws Exception {
    String before = api.getRaw("/api/v1/incidents", ContractFixtures.VIEWER_TOKEN).body();
    HttpResponse<String> r = ack(List.of(incidentOf.get("srv-a"), "no-such-1", incidentOf.get("lt-d"), "no-such-2"),
        "x");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("unknown incidents 'no-such-1', 'no-such-2'; nothing was acknowledged");
    assertThat(api.getRaw("/api/v1/incidents", ContractFixtures.VIEWER_TOKEN).body()).isEqualTo(before);
  }

  @Test
  void aBulkRequestThatIsEmptyRepeatsAnIdOrListsTooManyIsA400AndChangesNothing() throws Exception {
    String before = api.getRaw("/api/v1/incidents", ContractFixtures.VIEWER_TOKEN).body();
    String p1 = incidentOf.get("srv-a");
    HttpResponse<String> empty = ack(List.of(), null);
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("field 'ids' must list at least one incident id");
    HttpResponse<String> repeated = ack(List.of(p1, incidentOf.get("lt-d"), p1), null);
    assertThat(repeated.statusCode()).isEqualTo(400);
    assertThat(repeated.body()).contains("field 'ids' repeats '" + p1 + "'; nothing was changed");
    HttpResponse<String> many = ack(IntStream.range(0, 501).mapToObj(i -> "id-" + i).toList(), null);
    assertThat(many.statusCode()).isEqualTo(400);
    assertThat(many.body()).contains("lists 501 ids; at most 500");
    HttpResponse<String> noIds = api.post("/api/v1/incidents/resolve", ContractFixtures.OPERATOR_TOKEN, "{}");
    assertThat(noIds.statusCode()).isEqualTo(400);
    HttpResponse<String> viewer = api.post("/api/v1/incidents/ack", ContractFixtures.VIEWER_TOKEN,
        "{\"ids\":[\"" + p1 + "\"]}");
    assertThat(viewer.statusCode()).as("the bulk routes need an operator").isEqualTo(403);
    assertThat(api.getRaw("/api/v1/incidents", ContractFixtures.VIEWER_TOKEN).body()).isEqualTo(before);
  }

  @Test
  void aBulkChangeOfFourIncidentsIsFourAuditRowsOfOneCommitAndARefusedOneIsNone() throws Exception {
    List<String> ids = List.of(incidentOf.get("srv-a"), incidentOf.get("lt-d"), incidentOf.get("ws-full"),
        incidentOf.get("ws-hot"));
    assertThat(ack(List.of(ids.get(0), "no-such-1", ids.get(1)), "never written").statusCode()).isEqualTo(404);
    assertThat(ack(List.of(ids.get(0), ids.get(0)), "never written").statusCode()).isEqualTo(400);
    assertThat(audit("?action=incident.acknowledge")).as("a refused bulk change records no action").isEmpty();

    String note = "secret ticket 4711";
    assertThat(ack(ids, note).statusCode()).isEqualTo(200);
    JsonNode acks = audit("?action=incident.acknowledge");
    assertThat(acks).hasSize(4);
    assertThat(acks).extracting(r -> r.get("target").asText()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(acks).allSatisfy(r -> {
      assertThat(r.get("tokenName").asText()).isEqualTo("noc");
      assertThat(r.get("address").asText()).isEqualTo("127.0.0.1");
      assertThat(r.get("at").asText()).as("one commit, one time").isEqualTo("2026-11-17T15:40:00Z");
      assertThat(r.get("detail").asText()).isEqualTo("open -> acknowledged, note of 18 characters");
    });

    clock.set(Instant.ofEpochMilli(at("10:45")));
    HttpResponse<String> resolved = api.post("/api/v1/incidents/resolve", ContractFixtures.OPERATOR_TOKEN,
        Json.mapper().writeValueAsString(Map.of("ids", ids.subList(0, 3))));
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    JsonNode resolves = audit("?action=incident.resolve");
    assertThat(resolves).extracting(r -> r.get("target").asText())
        .containsExactlyInAnyOrderElementsOf(ids.subList(0, 3));
    assertThat(resolves).extracting(r -> r.get("detail").asText()).containsOnly("acknowledged -> resolved");
    HttpResponse<String> all = api.getRaw("/api/v1/audit?limit=5000", ContractFixtures.ADMIN_TOKEN);
    assertThat(all.headers().firstValue("X-Total-Count")).hasValue("7");
    assertThat(all.body()).as("the note's text is never in the audit log").doesNotContain(note)
        .doesNotContain("never written");
  }

  @Test
  void incidentsAsCsvQuoteAndDefuseWhatOperatorsTyped() throws Exception {
    String note = "=HYPERLINK(\"http://evil\"),\nline 2";
    assertThat(ack(List.of(incidentOf.get("ws-full")), note).statusCode()).isEqualTo(200);
    HttpResponse<String> csv = api.getRaw("/api/v1/incidents?format=csv&sort=priority",
        ContractFixtures.VIEWER_TOKEN);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    assertThat(csv.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"incidents-all.csv\"");
    List<List<String>> rows = Rfc4180.parse(csv.body());
    List<String> header = rows.get(0);
    assertThat(header).startsWith("id", "priority", "rule", "state", "clientId", "deviceId", "hostname");
    assertThat(rows).hasSize(5);
    assertThat(rows.subList(1, 5)).extracting(row -> row.get(header.indexOf("deviceId")))
        .containsExactly("srv-a", "ws-hot", "ws-full", "lt-d");
    List<String> full = rows.get(3);
    assertThat(full.get(header.indexOf("ackNote"))).isEqualTo("'" + note);
    assertThat(full.get(header.indexOf("hostname"))).isEqualTo("host-ws-full");
    assertThat(csv.body()).contains("\"'=HYPERLINK(\"\"http://evil\"\"),\nline 2\"");
    assertThat(csv.body()).contains("\r\n");
  }

  private HttpResponse<String> ack(List<String> ids, String note) throws Exception {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("ids", ids);
    if (note != null) {
      body.put("note", note);
    }
    return api.post("/api/v1/incidents/ack", ContractFixtures.OPERATOR_TOKEN, Json.mapper().writeValueAsString(body));
  }

  private JsonNode audit(String query) throws Exception {
    HttpResponse<String> r = api.getRaw("/api/v1/audit" + query, ContractFixtures.ADMIN_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }

  private List<String> devices(String pathAndQuery) throws Exception {
    List<String> out = new ArrayList<>();
    api.get(pathAndQuery).forEach(i -> out.add(i.get("deviceId").asText()));
    return out;
  }

  /** An RFC 4180 reader written for the tests, independent of the collector's writer. */
  static final class Rfc4180 {
    private Rfc4180() {}

    static List<List<String>> parse(String text) {
      List<List<String>> rows = new ArrayList<>();
      List<String> row = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            cell.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          row.add(cell.toString());
          cell.setLength(0);
        } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          row.add(cell.toString());
          cell.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
          i++;
        } else {
          cell.append(c);
        }
      }
      if (cell.length() > 0 || !row.isEmpty()) {
        row.add(cell.toString());
        rows.add(row);
      }
      return rows;
    }
  }
}
