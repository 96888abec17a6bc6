package dev.uptally.collector.incident;

import static dev.uptally.collector.incident.IncidentDevices.HEALTHY;
import static dev.uptally.collector.incident.IncidentDevices.device;
import static dev.uptally.collector.incident.IncidentDevices.health;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.ShutdownReason;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Incidents of a real collector over HTTP, on a {@link MutableClock}, client zone New York (EST = UTC−5 after
 * 2026-11-01). Due times are worked out by hand: business hours MON-FRI 08:00-18:00.
 */
class IncidentLifecycleTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");

  @TempDir
  Path dir;
  private MutableClock clock;
  private CollectorApp app;
  private ApiClient api;

  private static long at(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }

  private void startCollector(long nowMillis) {
    clock = clock == null ? new MutableClock(Instant.ofEpochMilli(nowMillis)) : clock;
    clock.set(Instant.ofEpochMilli(nowMillis));
    app = new CollectorApp(ContractFixtures.config(NY, dir.resolve("uptally.db")), clock, HttpTimeouts.DEFAULTS, 2);
    api = new ApiClient(app.start());
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private void setClock(String local) {
    clock.set(Instant.ofEpochMilli(at(local)));
  }

  private void evaluate(String local) {
    setClock(local);
    app.contractEngine().evaluate(clock.millis());
  }

  private void send(String token, DeviceScript d, List<Sample> samples) throws Exception {
    api.send(token, d.deviceId(), samples, clock.millis());
    app.contractEngine().awaitIdle();
  }

  private static DeviceScript deskWorkstation() {
    return device("ws-desk", "workstation", at("2026-11-13T08:00")).beatUpTo(at("2026-11-13T17:10"));
  }

  /** A workstation (deviceDown P3) heartbeating from 08:00 until its last sample at 17:10 on Friday 2026-11-13. */
  private String workstationSilentFromFridayEvening(DeviceScript ws) throws Exception {
    startCollector(at("2026-11-13T08:00"));
    String token = api.enroll(ws, "America/New_York");
    api.send(token, ws.deviceId(), ws.between(clock.millis() - 1, clock.millis()), clock.millis());
    api.live(clock, token, ws, clock.millis(), at("2026-11-13T17:10"));
    app.contractEngine().awaitIdle();
    setClock("2026-11-13T17:30");
    app.fleet().tickAll(clock.millis()).join();
    app.contractEngine().awaitIdle();
    return token;
  }

  @Test
  void p3OpenedFridayEveningIsDueMondayEscalatesThenBreachesItsResponseAndResolvesWhenHeardAgain() throws Exception {
    DeviceScript ws = deskWorkstation();
    String token = workstationSilentFromFridayEvening(ws);

    JsonNode open = api.get("/api/v1/incidents?state=open");
    assertThat(open).hasSize(1);
    JsonNode incident = open.get(0);
    String id = incident.get("id").asText();
    assertThat(incident.get("rule").asText()).isEqualTo("deviceDown");
    assertThat(incident.get("priority").asText()).isEqualTo("P3");
    assertThat(incident.get("deviceId").asText()).isEqualTo("ws-desk");
    assertThat(incident.get("clientId").asText()).isEqualTo("acme");
    assertThat(incident.get("openedAt").asText()).isEqualTo("2026-11-13T22:30:00Z");
    // 30 min on Friday + 3 h 30 on Monday from 08:00 → Monday 11:30 EST
    assertThat(incident.get("responseDue").asText()).isEqualTo("2026-11-16T16:30:00Z");
    // 48 open hours: 0.5 Fri + 4 × 10 Mon–Thu + 7.5 on Friday 11-20 → 15:30 EST
    assertThat(incident.get("resolutionDue").asText()).isEqualTo("2026-11-20T20:30:00Z");
    assertThat(incident.get("escalated").asBoolean()).isFalse();

    // escalation at 0.75 × 4 h = 3 h of business time: Monday 10:30
    evaluate("2026-11-16T10:29:59");
    assertThat(api.get("/api/v1/incidents/" + id).get("escalated").asBoolean()).isFalse();
    evaluate("2026-11-16T10:30");
    assertThat(api.get("/api/v1/incidents/" + id).get("escalated").asBoolean()).isTrue();
    List<OutboxEvent> events = app.contractEngine().outbox();
    assertThat(events).extracting(OutboxEvent::type).containsExactly("incident.opened", "incident.escalated");
    JsonNode escalated = Json.mapper().readTree(events.get(1).payload());
    assertThat(escalated.get("type").asText()).isEqualTo("incident.escalated");
    assertThat(escalated.get("at").asText()).isEqualTo("2026-11-16T15:30:00Z");
    assertThat(escalated.get("incident").get("id").asText()).isEqualTo(id);
    assertThat(escalated.get("incident").get("escalated").asBoolean()).isTrue();

    evaluate("2026-11-16T11:30");
    assertThat(api.get("/api/v1/violations?party=msp&from=2026-11-13&to=2026-11-17")).isEmpty();
    evaluate("2026-11-16T11:30:01");
    evaluate("2026-11-16T11:31"); // reported once
    JsonNode breaches = api.get("/api/v1/violations?party=msp&from=2026-11-13&to=2026-11-17");
    assertThat(breaches).extracting(v -> v.get("type").asText(), v -> v.get("party").asText(),
        v -> v.get("deviceId").asText(), v -> v.get("start").asText(), v -> v.get("end").asText())
        .containsExactly(tuple("response-breach", "msp", "ws-desk", "2026-11-13T22:30:00Z", "2026-11-16T16:30:00Z"));
    assertThat(api.get("/api/v1/violations?party=customer&from=2026-11-13&to=2026-11-17")).isEmpty();

    // heard again after a reboot at 11:58: the condition cleared
    setClock("2026-11-16T12:00");
    long boot = at("2026-11-16T11:58");
    send(token, ws, List.of(Sample.startup(ws.samples().size(), clock.millis(), boot, HEALTHY, null)));
    JsonNode resolved = api.get("/api/v1/incidents/" + id);
    assertThat(resolved.get("state").asText()).isEqualTo("resolved");
    assertThat(resolved.get("resolution").asText()).isEqualTo("auto");
    assertThat(resolved.get("resolvedAt").asText()).isEqualTo("2026-11-16T17:00:00Z");
    assertThat(resolved.get("resolvedBy").isNull()).isTrue();
    assertThat(app.contractEngine().outbox()).extracting(OutboxEvent::type)
        .containsExactly("incident.opened", "incident.escalated", "violation.opened", "incident.resolved");
  }

  @Test
  void operatorsAcknowledgeAndResolveOverHttpViewersMayNot() throws Exception {
    DeviceScript ws = deskWorkstation();
    workstationSilentFromFridayEvening(ws);
    String id = api.get("/api/v1/incidents?state=open").get(0).get("id").asText();

    setClock("2026-11-16T09:00");
    HttpResponse<String> viewer = api.post("/api/v1/incidents/" + id + "/ack", ContractFixtures.VIEWER_TOKEN, null);
    assertThat(viewer.statusCode()).isEqualTo(403);
    assertThat(api.post("/api/v1/incidents/" + id + "/ack", "not-a-token", null).statusCode()).isEqualTo(401);
    assertThat(api.post("/api/v1/incidents/no-such-id/ack", ContractFixtures.OPERATOR_TOKEN, null).statusCode())
        .isEqualTo(404);
    assertThat(api.post("/api/v1/incidents/" + id + "/ack", ContractFixtures.OPERATOR_TOKEN, "{\"note\":")
        .statusCode()).isEqualTo(400);

    HttpResponse<String> ack = api.post("/api/v1/incidents/" + id + "/ack", ContractFixtures.OPERATOR_TOKEN,
        "{\"note\":\"on it\"}");
    assertThat(ack.statusCode()).isEqualTo(200);
    JsonNode acked = api.get("/api/v1/incidents/" + id);
    assertThat(acked.get("state").asText()).isEqualTo("acknowledged");
    assertThat(acked.get("acknowledgedBy").asText()).isEqualTo("noc");
    assertThat(acked.get("acknowledgedAt").asText()).isEqualTo("2026-11-16T14:00:00Z");

    // acknowledged before the escalation point and the response target: neither fires
    evaluate("2026-11-16T12:00");
    assertThat(api.get("/api/v1/incidents/" + id).get("escalated").asBoolean()).isFalse();
    assertThat(api.get("/api/v1/violations?party=msp&from=2026-11-13&to=2026-11-17")).isEmpty();

    setClock("2026-11-16T12:30");
    assertThat(api.post("/api/v1/incidents/" + id + "/resolve", ContractFixtures.VIEWER_TOKEN, null).statusCode())
        .isEqualTo(403);
    // a body that is there must be JSON; no body at all needs no Content-Type (the note is optional)
    assertThat(api.postUntyped("/api/v1/incidents/" + id + "/resolve", ContractFixtures.OPERATOR_TOKEN, "fixed")
        .statusCode()).isEqualTo(415);
    assertThat(api.postUntyped("/api/v1/incidents/" + id + "/resolve", ContractFixtures.OPERATOR_TOKEN, null)
        .statusCode()).isEqualTo(200);
    JsonNode resolved = api.get("/api/v1/incidents/" + id);
    assertThat(resolved.get("state").asText()).isEqualTo("resolved");
    assertThat(resolved.get("resolution").asText()).isEqualTo("manual");
    assertThat(resolved.get("resolvedBy").asText()).isEqualTo("noc");
    assertThat(resolved.get("resolvedAt").asText()).isEqualTo("2026-11-16T17:30:00Z");
    assertThat(api.get("/api/v1/incidents?state=open")).isEmpty();
    assertThat(api.get("/api/v1/incidents?state=resolved&client=acme")).hasSize(1);
    assertThat(api.getRaw("/api/v1/incidents?client=globex", ContractFixtures.VIEWER_TOKEN).statusCode())
        .as("globex is no configured client").isEqualTo(404);
  }

  @Test
  void anIncidentSurvivesACollectorRestart() throws Exception {
    DeviceScript ws = deskWorkstation();
    workstationSilentFromFridayEvening(ws);
    JsonNode before = api.get("/api/v1/incidents?state=open");
    assertThat(before).hasSize(1);
    app.close();

    startCollector(at("2026-11-14T10:00"));
    JsonNode after = api.get("/api/v1/incidents?state=open");
    assertThat(after).isEqualTo(before);
    // the device is still silent after the restart: no second incident for the same device and rule
    setClock("2026-11-14T10:30");
    app.fleet().tickAll(clock.millis()).join();
    app.contractEngine().awaitIdle();
    assertThat(api.get("/api/v1/incidents")).hasSize(1);

    String id = after.get(0).get("id").asText();
    assertThat(api.postUntyped("/api/v1/incidents/" + id + "/ack", ContractFixtures.OPERATOR_TOKEN, "")
        .statusCode()).as("an empty body without Content-Type is no note").isEqualTo(200);
    assertThat(api.get("/api/v1/incidents/" + id).get("acknowledgedBy").asText()).isEqualTo("noc");
  }

  @Test
  void fullDiskOpensAP2ThatBreachesItsResolutionAndClearsByItself() throws Exception {
    long start = at("2026-11-17T09:00");
    startCollector(start);
    DeviceScript srv = device("srv-files", "server", start);
    String token = api.enroll(srv, "America/New_York");
    send(token, srv, srv.samples());
    assertThat(api.get("/api/v1/incidents")).isEmpty();

    setClock("2026-11-17T09:05");
    srv.beatUpTo(at("2026-11-17T09:05"), health(0.95, 51.0));
    send(token, srv, srv.between(start, clock.millis()));
    JsonNode incident = api.get("/api/v1/incidents?state=open").get(0);
    assertThat(incident.get("rule").asText()).isEqualTo("diskFull");
    assertThat(incident.get("priority").asText()).isEqualTo("P2");
    assertThat(incident.get("detail").asText()).contains("95.0%");
    // P2 runs 24x7: 1 h and 8 h after opening
    assertThat(incident.get("responseDue").asText()).isEqualTo("2026-11-17T15:05:00Z");
    assertThat(incident.get("resolutionDue").asText()).isEqualTo("2026-11-17T22:05:00Z");
    String id = incident.get("id").asText();

    assertThat(api.post("/api/v1/incidents/" + id + "/ack", ContractFixtures.OPERATOR_TOKEN, null).statusCode())
        .isEqualTo(200);
    srv.beatUpTo(at("2026-11-17T17:05"), health(0.96, 51.0));
    api.live(clock, token, srv, at("2026-11-17T09:05"), at("2026-11-17T17:05"));
    app.contractEngine().awaitIdle();
    evaluate("2026-11-17T17:05");
    assertThat(api.get("/api/v1/violations?party=msp&from=2026-11-17&to=2026-11-18")).isEmpty();
    evaluate("2026-11-17T17:05:01");
    assertThat(api.get("/api/v1/violations?party=msp&from=2026-11-17&to=2026-11-18"))
        .extracting(v -> v.get("type").asText(), v -> v.get("end").asText())
        .containsExactly(tuple("resolution-breach", "2026-11-17T22:05:00Z"));

    setClock("2026-11-17T17:10");
    srv.beatUpTo(at("2026-11-17T17:10"), health(0.50, 51.0));
    send(token, srv, srv.between(at("2026-11-17T17:05"), clock.millis()));
    JsonNode resolved = api.get("/api/v1/incidents/" + id);
    assertThat(resolved.get("state").asText()).isEqualTo("resolved");
    assertThat(resolved.get("resolution").asText()).isEqualTo("auto");
    assertThat(resolved.get("escalated").asBoolean()).isFalse();
    assertThat(resolved.get("acknowledgedBy").asText()).isEqualTo("noc");
  }

  @Test
  void malformedQueriesAreRefusedNamingTheParameter() throws Exception {
    startCollector(at("2026-11-17T09:00"));
    HttpResponse<String> party = api.getRaw("/api/v1/violations?party=vendor", ContractFixtures.VIEWER_TOKEN);
    assertThat(party.statusCode()).isEqualTo(400);
    assertThat(party.body()).contains("party").contains("vendor");
    HttpResponse<String> state = api.getRaw("/api/v1/incidents?state=closed", ContractFixtures.VIEWER_TOKEN);
    assertThat(state.statusCode()).isEqualTo(400);
    assertThat(state.body()).contains("state").contains("closed");
    HttpResponse<String> window = api.getRaw("/api/v1/violations?from=2026-11-18&to=2026-11-17",
        ContractFixtures.VIEWER_TOKEN);
    assertThat(window.statusCode()).isEqualTo(400);
    assertThat(window.body()).contains("from");
    assertThat(api.getRaw("/api/v1/violations?to=yesterday", ContractFixtures.VIEWER_TOKEN).statusCode())
        .isEqualTo(400);
    assertThat(api.getRaw("/api/v1/incidents", "wrong-token").statusCode()).isEqualTo(401);
    assertThat(api.getRaw("/api/v1/incidents/nope", ContractFixtures.VIEWER_TOKEN).statusCode()).isEqualTo(404);
  }

  @Test
  void anOrderlyShutdownIsDeviceDownOnlyForClassesWhoseCountsIncludeShutdown() throws Exception {
    long start = at("2026-11-17T09:00");
    startCollector(start);
    DeviceScript srv = device("srv-app", "server", start).beatUpTo(at("2026-11-17T10:00"))
        .shutdown(ShutdownReason.OS, 1_000)
        .boot(at("2026-11-17T10:20"), at("2026-11-17T10:20:30"));
    DeviceScript ws = device("ws-desk", "workstation", start).beatUpTo(at("2026-11-17T10:00"))
        .shutdown(ShutdownReason.OS, 1_000)
        .boot(at("2026-11-17T10:20"), at("2026-11-17T10:20:30"));
    String srvToken = api.enroll(srv, "America/New_York");
    String wsToken = api.enroll(ws, "America/New_York");
    setClock("2026-11-17T10:05");
    send(srvToken, srv, srv.between(start - 1, clock.millis()));
    send(wsToken, ws, ws.between(start - 1, clock.millis()));

    JsonNode open = api.get("/api/v1/incidents?state=open");
    assertThat(open).extracting(i -> i.get("deviceId").asText(), i -> i.get("rule").asText(),
        i -> i.get("priority").asText()).containsExactly(tuple("srv-app", "deviceDown", "P1"));
    assertThat(open.get(0).get("detail").asText()).contains("orderly shutdown");
    // P1 runs 24x7: 15 min and 4 h after opening at 10:05 EST
    assertThat(open.get(0).get("responseDue").asText()).isEqualTo("2026-11-17T15:20:00Z");
    assertThat(open.get(0).get("resolutionDue").asText()).isEqualTo("2026-11-17T19:05:00Z");

    setClock("2026-11-17T10:25");
    send(srvToken, srv, srv.between(at("2026-11-17T10:05"), clock.millis()));
    assertThat(api.get("/api/v1/incidents")).extracting(i -> i.get("state").asText(),
        i -> i.get("resolution").asText()).containsExactly(tuple("resolved", "auto"));
  }

  @Test
  void aShutdownInsideMaintenanceOpensNothingUnlessTheServerIsStillDownWhenTheWindowEnds() throws Exception {
    long start = at("2026-11-21T22:00");
    startCollector(start);
    // maintenance SUN 02:00-04:00 EST = 07:00-09:00Z
    DeviceScript rebooted = device("srv-rebooted", "server", start).beatUpTo(at("2026-11-22T02:30"))
        .shutdown(ShutdownReason.OS, 1_000)
        .boot(at("2026-11-22T02:45"), at("2026-11-22T02:45:30")).beatUpTo(at("2026-11-22T05:00"));
    DeviceScript stayedOff = device("srv-off", "server", start).beatUpTo(at("2026-11-22T02:30"))
        .shutdown(ShutdownReason.OS, 1_000);
    Map<DeviceScript, String> tokens = new LinkedHashMap<>();
    for (DeviceScript d : List.of(rebooted, stayedOff)) {
      tokens.put(d, api.enroll(d, "America/New_York"));
      api.send(tokens.get(d), d.deviceId(), d.between(start - 1, start), start);
    }
    api.live(clock, tokens, start, at("2026-11-22T03:55"));
    evaluate("2026-11-22T03:59:59");
    app.contractEngine().awaitIdle();
    assertThat(api.get("/api/v1/incidents")).isEmpty();

    api.live(clock, tokens, at("2026-11-22T03:55"), at("2026-11-22T04:00"));
    evaluate("2026-11-22T04:00");
    JsonNode incidents = api.get("/api/v1/incidents");
    assertThat(incidents).extracting(i -> i.get("deviceId").asText(), i -> i.get("rule").asText(),
        i -> i.get("state").asText(), i -> i.get("openedAt").asText())
        .containsExactly(tuple("srv-off", "deviceDown", "open", "2026-11-22T09:00:00Z"));
    assertThat(incidents.get(0).get("detail").asText()).contains("orderly shutdown at 2026-11-22T07:30:01Z");
  }
}
