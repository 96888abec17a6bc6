package dev.uptally.collector.incident;

import static dev.uptally.collector.incident.IncidentDevices.device;
import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.ShutdownReason;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * A laptop loses the network on Monday evening but keeps sampling into its spool. Judged after Tuesday's patch window
 * (01:00-04:00 New York, 06:00-09:00Z) it is silent: a violation with cause silent. When the spool is replayed on
 * Tuesday morning, its samples prove it was up all night: the verdict is withdrawn and disappears from the API, and
 * the incidents it caused resolve themselves — also when the collector restarted in between (provisional verdicts and
 * open incidents are reloaded from storage).
 */
class LateSpoolDataTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");

  private static long at(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }

  private record Online(CollectorApp app, ApiClient api, MutableClock clock, String token) {}

  /** A collector started at {@code start}; the laptop enrolls and reports live until {@code offline}. */
  private static Online onlineUntil(Path dir, DeviceScript laptop, long start, long offline) throws Exception {
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(start));
    CollectorApp app = new CollectorApp(ContractFixtures.config(NY, dir.resolve("uptally.db")), clock,
        HttpTimeouts.DEFAULTS, 2);
    try {
      ApiClient api = new ApiClient(app.start());
      String token = api.enroll(laptop, "America/New_York");
      api.send(token, laptop.deviceId(), laptop.between(start - 1, start), start);
      api.live(clock, token, laptop, start, offline);
      return new Online(app, api, clock, token);
    } catch (Exception | AssertionError e) {
      app.close();
      throw e;
    }
  }

  @ParameterizedTest(name = "collector restarted before the replay: {0}")
  @ValueSource(booleans = {false, true})
  void replayedSpoolWithdrawsASilentVerdict(boolean restart, @TempDir Path dir) throws Exception {
    long start = at("2026-11-09T12:00");
    long offline = at("2026-11-09T20:00");
    long judged = at("2026-11-10T05:00");
    long back = at("2026-11-10T09:00");
    DeviceScript laptop = device("lt-away", "laptop", start).beatUpTo(back);
    Online online = onlineUntil(dir, laptop, start, offline);
    MutableClock clock = online.clock();
    CollectorApp app = online.app();
    try {
      ApiClient api = online.api();
      String token = online.token();

      clock.set(Instant.ofEpochMilli(judged));
      app.fleet().tickAll(judged).join();
      app.contractEngine().evaluate(judged);
      app.contractEngine().awaitIdle();
      JsonNode before = api.get("/api/v1/violations?client=acme&from=2026-11-10&to=2026-11-11");
      assertThat(before).hasSize(1);
      assertThat(before.get(0).get("deviceId").asText()).isEqualTo("lt-away");
      assertThat(before.get(0).get("cause").asText()).isEqualTo("silent");
      assertThat(before.get(0).get("start").asText()).isEqualTo("2026-11-10T06:00:00Z");
      assertThat(before.get(0).get("end").asText()).isEqualTo("2026-11-10T09:00:00Z");
      assertThat(api.get("/api/v1/incidents?state=open")).extracting(i -> i.get("rule").asText())
          .containsExactlyInAnyOrder("deviceDown", "patchWindowMissed");

      if (restart) {
        app.close();
        app = new CollectorApp(ContractFixtures.config(NY, dir.resolve("uptally.db")), clock, HttpTimeouts.DEFAULTS, 2);
        api = new ApiClient(app.start());
      }
      clock.set(Instant.ofEpochMilli(back));
      api.send(token, laptop.deviceId(), laptop.between(offline, back), back);
      app.contractEngine().awaitIdle();

      assertThat(api.get("/api/v1/violations?client=acme&from=2026-11-10&to=2026-11-11")).isEmpty();
      JsonNode incidents = api.get("/api/v1/incidents");
      assertThat(incidents).extracting(i -> i.get("rule").asText(), i -> i.get("state").asText(),
          i -> i.get("resolution").asText(), i -> i.get("resolvedAt").asText())
          .containsExactlyInAnyOrder(
              org.assertj.core.api.Assertions.tuple("deviceDown", "resolved", "auto", "2026-11-10T14:00:00Z"),
              org.assertj.core.api.Assertions.tuple("patchWindowMissed", "resolved", "auto", "2026-11-10T14:00:00Z"));

      List<OutboxEvent> events = app.contractEngine().outbox();
      assertThat(events).extracting(OutboxEvent::type).containsExactlyInAnyOrder("incident.opened",
          "violation.opened", "incident.opened", "incident.resolved", "incident.resolved");
      OutboxEvent opened = events.stream().filter(e -> e.type().equals("violation.opened")).findFirst().orElseThrow();
      JsonNode payload = Json.mapper().readTree(opened.payload());
      assertThat(payload.get("id").asText()).isEqualTo(opened.id());
      assertThat(payload.get("type").asText()).isEqualTo("violation.opened");
      assertThat(payload.get("at").asText()).isEqualTo("2026-11-10T10:00:00Z");
      assertThat(payload.get("violation").get("id").asText()).isEqualTo(before.get(0).get("id").asText());
      assertThat(payload.get("violation").get("party").asText()).isEqualTo("customer");
    } finally {
      app.close();
    }
  }

  /**
   * Offline from Monday evening, the laptop misses this Tuesday's and next Tuesday's windows as far as the collector can
   * tell (both silent; one patchWindowMissed incident stands for both). The replayed spool proves it was up on Monday night
   * but shut down at Tuesday noon and stayed off until the next Wednesday: the first verdict is withdrawn, the second
   * becomes a shutdown — and the incident stays open, because a miss it stands for still stands.
   */
  @org.junit.jupiter.api.Test
  void withdrawingOneMissLeavesTheIncidentOpenWhileAnotherMissStands(@TempDir Path dir) throws Exception {
    long start = at("2026-11-09T12:00");
    long offline = at("2026-11-09T20:00");
    long back = at("2026-11-18T10:00");
    DeviceScript laptop = device("lt-off", "laptop", start).beatUpTo(at("2026-11-10T12:00"))
        .shutdown(ShutdownReason.OS, 1_000)
        .boot(at("2026-11-18T09:00"), at("2026-11-18T09:00:30")).beatUpTo(back);
    Online online = onlineUntil(dir, laptop, start, offline);
    MutableClock clock = online.clock();
    CollectorApp app = online.app();
    try {
      ApiClient api = online.api();
      String token = online.token();
      for (String judgedAt : List.of("2026-11-10T05:00", "2026-11-17T05:00")) {
        long judged = at(judgedAt);
        clock.set(Instant.ofEpochMilli(judged));
        app.fleet().tickAll(judged).join();
        app.contractEngine().evaluate(judged);
        app.contractEngine().awaitIdle();
      }
      assertThat(api.get("/api/v1/violations?client=acme&from=2026-11-10&to=2026-11-18"))
          .filteredOn(v -> v.get("type").asText().equals("patch-window-missed"))
          .extracting(v -> v.get("start").asText(), v -> v.get("cause").asText())
          .containsExactly(org.assertj.core.api.Assertions.tuple("2026-11-10T06:00:00Z", "silent"),
              org.assertj.core.api.Assertions.tuple("2026-11-17T06:00:00Z", "silent"));
      assertThat(api.get("/api/v1/incidents?state=open")).extracting(i -> i.get("rule").asText())
          .containsExactlyInAnyOrder("deviceDown", "patchWindowMissed");

      clock.set(Instant.ofEpochMilli(back));
      api.send(token, laptop.deviceId(), laptop.between(offline, back), back);
      app.contractEngine().awaitIdle();

      assertThat(api.get("/api/v1/violations?client=acme&from=2026-11-10&to=2026-11-18"))
          .filteredOn(v -> v.get("type").asText().equals("patch-window-missed"))
          .extracting(v -> v.get("start").asText(), v -> v.get("cause").asText())
          .containsExactly(org.assertj.core.api.Assertions.tuple("2026-11-17T06:00:00Z", "shutdown"));
      assertThat(api.get("/api/v1/incidents?state=open")).extracting(i -> i.get("rule").asText())
          .as("the second miss still stands").contains("patchWindowMissed");
    } finally {
      app.close();
    }
  }

  /**
   * Two weeks of history arrive at once: the laptop missed the first window (shut down) and kept the second, then,
   * silent since Monday evening, seems to miss the third. The first miss is history (a later window was kept): it is
   * recorded and notified but opens no incident. The third, the most recent window, opens one. When the spool proves
   * the laptop was up that night, the incident resolves: it stands for the withdrawn miss alone, not the older one.
   */
  @org.junit.jupiter.api.Test
  void anIncidentStandsOnlyForTheMissesThatOpenedOrJoinedIt(@TempDir Path dir) throws Exception {
    long start = at("2026-11-09T12:00");
    long offline = at("2026-11-23T20:00");
    long judged = at("2026-11-24T05:00");
    long back = at("2026-11-24T10:00");
    DeviceScript laptop = device("lt-cycle", "laptop", start).beatUpTo(at("2026-11-09T20:00"))
        .shutdown(ShutdownReason.OS, 1_000)
        .boot(at("2026-11-10T09:00"), at("2026-11-10T09:00:30")).beatUpTo(back);
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(offline));
    CollectorApp app = new CollectorApp(ContractFixtures.config(NY, dir.resolve("uptally.db")), clock,
        HttpTimeouts.DEFAULTS, 2);
    try {
      ApiClient api = new ApiClient(app.start());
      String token = api.enroll(laptop, "America/New_York");
      api.send(token, laptop.deviceId(), laptop.between(start - 1, offline), offline);

      clock.set(Instant.ofEpochMilli(judged));
      app.fleet().tickAll(judged).join();
      app.contractEngine().evaluate(judged);
      app.contractEngine().awaitIdle();
      assertThat(api.get("/api/v1/violations?client=acme&from=2026-11-09&to=2026-11-25"))
          .filteredOn(v -> v.get("type").asText().equals("patch-window-missed"))
          .extracting(v -> v.get("start").asText(), v -> v.get("cause").asText())
          .containsExactly(org.assertj.core.api.Assertions.tuple("2026-11-10T06:00:00Z", "shutdown"),
              org.assertj.core.api.Assertions.tuple("2026-11-24T06:00:00Z", "silent"));
      assertThat(api.get("/api/v1/incidents")).filteredOn(i -> i.get("rule").asText().equals("patchWindowMissed"))
          .extracting(i -> i.get("state").asText())
          .as("only the most recent window's miss opens an incident")
          .containsExactly("open");
      assertThat(app.contractEngine().outbox()).filteredOn(e -> e.type().equals("violation.opened"))
          .as("every miss is notified, history too").hasSize(2);

      clock.set(Instant.ofEpochMilli(back));
      api.send(token, laptop.deviceId(), laptop.between(offline, back), back);
      app.contractEngine().awaitIdle();

      assertThat(api.get("/api/v1/violations?client=acme&from=2026-11-09&to=2026-11-25"))
          .filteredOn(v -> v.get("type").asText().equals("patch-window-missed"))
          .extracting(v -> v.get("start").asText()).containsExactly("2026-11-10T06:00:00Z");
      assertThat(api.get("/api/v1/incidents")).filteredOn(i -> i.get("rule").asText().equals("patchWindowMissed"))
          .extracting(i -> i.get("state").asText(), i -> i.get("resolvedAt").asText())
          .as("the older miss, still standing, is not the incident's")
          .containsExactly(org.assertj.core.api.Assertions.tuple("resolved", "2026-11-24T15:00:00Z"));
    } finally {
      app.close();
    }
  }

  @org.junit.jupiter.api.Test
  void windowsThatEndedWhileTheCollectorWasDownAreNotJudgedBeforeAgentsCouldReplay(@TempDir Path dir)
      throws Exception {
    long start = at("2026-11-09T12:00");
    long collectorDown = at("2026-11-09T20:00");
    long collectorUp = at("2026-11-10T05:00"); // Tuesday's window (01:00-04:00) ended during the outage
    DeviceScript laptop = device("lt-home", "laptop", start).beatUpTo(collectorUp + 600_000);
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(start));
    CollectorApp app = new CollectorApp(ContractFixtures.config(NY, dir.resolve("uptally.db")), clock,
        HttpTimeouts.DEFAULTS, 2);
    ApiClient api = new ApiClient(app.start());
    String token = api.enroll(laptop, "America/New_York");
    api.send(token, laptop.deviceId(), laptop.between(start - 1, start), start);
    api.live(clock, token, laptop, start, collectorDown);
    app.close();

    clock.set(Instant.ofEpochMilli(collectorUp));
    app = new CollectorApp(ContractFixtures.config(NY, dir.resolve("uptally.db")), clock, HttpTimeouts.DEFAULTS, 2);
    try {
      api = new ApiClient(app.start());
      clock.set(Instant.ofEpochMilli(collectorUp + 60_000));
      app.contractEngine().evaluate(collectorUp + 60_000);
      assertThat(api.get("/api/v1/violations?client=acme&from=2026-11-10&to=2026-11-11"))
          .as("one minute after the start the laptop's agent may still be backing off: no verdict yet").isEmpty();
      assertThat(app.contractEngine().outbox()).noneMatch(e -> e.type().equals("violation.opened"));

      // the agent replays its spool: the laptop was up all night, and the window is judged kept
      api.send(token, laptop.deviceId(), laptop.between(collectorDown, collectorUp + 120_000), collectorUp + 120_000);
      clock.set(Instant.ofEpochMilli(collectorUp + 6 * 60_000));
      app.contractEngine().evaluate(collectorUp + 6 * 60_000);
      assertThat(api.get("/api/v1/violations?client=acme&from=2026-11-10&to=2026-11-11")).isEmpty();
      assertThat(app.contractEngine().outbox()).noneMatch(e -> e.type().equals("violation.opened"));
    } finally {
      app.close();
    }
  }
}
