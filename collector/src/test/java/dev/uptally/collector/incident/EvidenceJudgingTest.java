package dev.uptally.collector.incident;

import static dev.uptally.collector.incident.IncidentDevices.device;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.protocol.ShutdownReason;
import dev.uptally.config.collector.CollectorConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * A laptop whose agent could not reach the collector for its first four days enrolls with its spool. Its patch window
 * is nightly, 01:00-04:00 New York (06:00-09:00Z), minOnline 30 min, and its four nights are written down here (the
 * truth, independent of the collector):
 * <ul>
 *   <li>Monday 9 November: up all night — kept;
 *   <li>Tuesday 10: shut down at 23:00 the evening before, booted at 07:00 — missed, shutdown, up 0 s;
 *   <li>Wednesday 11: asleep from 00:30 until 06:00 — missed, asleep, up 0 s;
 *   <li>Thursday 12: crashed after its heartbeat of 01:10:30 (the agent's grid after the resume at 06:00:30),
 *       booted at 03:50 — missed, crash, up 1230 s (630 before, 600 after).
 * </ul>
 * Every window is judged as soon as the spool arrives (no wait after the collector's start, no evaluation pass), each
 * miss is notified, and only the most recent one opens an incident.
 */
class EvidenceJudgingTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final List<String> NIGHTLY = List.of("MON-SUN 01:00-04:00");
  private static final List<Tuple> TRUTH = List.of(
      tuple("2026-11-10T06:00:00Z", "shutdown", "up 0 s of 10800 s, needs 1800 s"),
      tuple("2026-11-11T06:00:00Z", "asleep", "up 0 s of 10800 s, needs 1800 s"),
      tuple("2026-11-12T06:00:00Z", "crash", "up 1230 s of 10800 s, needs 1800 s"));
  private static final long ENROLLED = at("2026-11-12T12:00");

  @TempDir
  Path dir;

  private static long at(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }

  private static DeviceScript laptop() {
    return device("lt-spooled", "laptop", at("2026-11-08T12:00"))
        .beatUpTo(at("2026-11-09T23:00")).shutdown(ShutdownReason.OS, 1_000)
        .boot(at("2026-11-10T07:00"), at("2026-11-10T07:00:30"))
        .beatUpTo(at("2026-11-11T00:30")).sleepUntil(at("2026-11-11T06:00"), 30_000)
        .beatUntil(at("2026-11-12T01:10:30")).crashAndBoot(at("2026-11-12T03:50"), at("2026-11-12T03:50:30"))
        .beatUpTo(ENROLLED);
  }

  private CollectorApp collector(MutableClock clock, ZoneId clientZone) {
    CollectorConfig config = ContractFixtures.config(clientZone, dir.resolve("uptally.db"), NIGHTLY);
    return new CollectorApp(config, clock, HttpTimeouts.DEFAULTS, 2);
  }

  private static JsonNode misses(ApiClient api) throws Exception {
    return api.get("/api/v1/violations?client=acme&party=customer&from=2026-11-01&to=2026-12-01");
  }

  private static List<Tuple> described(JsonNode violations) {
    return java.util.stream.StreamSupport.stream(violations.spliterator(), false)
        .map(v -> tuple(v.get("start").asText(), v.get("cause").asText(), v.get("detail").asText())).toList();
  }

  @Test
  void aLaptopEnrolledWithFourDaysOfSpoolHasEveryWindowJudgedAtOnce() throws Exception {
    DeviceScript laptop = laptop();
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(ENROLLED));
    try (CollectorApp app = collector(clock, NY)) {
      ApiClient api = new ApiClient(app.start());
      String token = api.enroll(laptop, "America/New_York");
      api.send(token, laptop.deviceId(), laptop.samples(), ENROLLED);
      app.contractEngine().awaitIdle();

      assertThat(described(misses(api))).containsExactlyElementsOf(TRUTH);
      assertThat(app.contractEngine().outbox()).filteredOn(e -> e.type().equals("violation.opened"))
          .as("every miss is notified with its window").hasSize(3);
      assertThat(api.get("/api/v1/incidents")).as("history opens no incident; the most recent window does")
          .extracting(i -> i.get("rule").asText(), i -> i.get("state").asText(), i -> i.get("detail").asText())
          .containsExactly(tuple("patchWindowMissed", "open",
              "patch window 2026-11-12T06:00:00Z – 2026-11-12T09:00:00Z missed"));

      long later = ENROLLED + 3_600_000;
      clock.set(Instant.ofEpochMilli(later));
      api.send(token, laptop.deviceId(), List.of(), later);
      app.contractEngine().evaluate(later);
      assertThat(described(misses(api))).as("judging again changes nothing").containsExactlyElementsOf(TRUTH);
      assertThat(app.contractEngine().outbox()).filteredOn(e -> e.type().equals("violation.opened")).hasSize(3);
    }
  }

  /**
   * Halfway through a replay nothing is known of Wednesday's and Thursday's nights yet. While the agent is still
   * sending (heard within a heartbeat interval) they are not judged from that gap — no "silent" miss notified and then
   * withdrawn; once it has been quiet for an interval, they are judged provisionally from what is known.
   */
  @Test
  void aReplayStillArrivingGetsNoProvisionalVerdictsButADeviceGoneQuietDoes() throws Exception {
    DeviceScript laptop = laptop();
    long half = at("2026-11-10T12:00");
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(ENROLLED));
    try (CollectorApp app = collector(clock, NY)) {
      ApiClient api = new ApiClient(app.start());
      String token = api.enroll(laptop, "America/New_York");
      api.send(token, laptop.deviceId(), laptop.between(0, half), ENROLLED);
      long stillSending = ENROLLED + 60_000;
      clock.set(Instant.ofEpochMilli(stillSending));
      app.contractEngine().evaluate(stillSending);
      assertThat(described(misses(api))).containsExactlyElementsOf(TRUTH.subList(0, 1));

      long quiet = ENROLLED + IncidentDevices.INTERVAL + 1;
      clock.set(Instant.ofEpochMilli(quiet));
      app.contractEngine().evaluate(quiet);
      assertThat(described(misses(api))).extracting(t -> t.toList().get(1))
          .as("Wednesday and Thursday judged from the silence").containsExactly("shutdown", "silent", "silent");

      api.send(token, laptop.deviceId(), laptop.between(half, ENROLLED), quiet);
      app.contractEngine().awaitIdle();
      assertThat(described(misses(api))).as("the rest of the spool revises them").containsExactlyElementsOf(TRUTH);
    }
  }

  /** How the collector stops in the middle of the backfill. */
  enum Stop {
    /** An orderly restart. */
    ORDERLY,
    /** The judging of the batches already acknowledged is lost (as if killed between the commit and the judging). */
    JUDGING_LOST
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Stop.class)
  void aRestartInTheMiddleOfTheBackfillNeitherDuplicatesNorSkipsAVerdict(Stop stop) throws Exception {
    DeviceScript laptop = laptop();
    long half = at("2026-11-10T12:00");
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(ENROLLED));
    String token;
    try (CollectorApp app = collector(clock, NY)) {
      ApiClient api = new ApiClient(app.start());
      token = api.enroll(laptop, "America/New_York");
      api.send(token, laptop.deviceId(), laptop.between(0, half), ENROLLED);
      app.contractEngine().awaitIdle();
      assertThat(described(misses(api))).containsExactlyElementsOf(TRUTH.subList(0, 1));
    }
    if (stop == Stop.JUDGING_LOST) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("uptally.db"));
          Statement st = c.createStatement()) {
        assertThat(st.executeUpdate("DELETE FROM contract_devices")).isEqualTo(1);
      }
    }
    clock.set(Instant.ofEpochMilli(ENROLLED + 60_000));
    try (CollectorApp app = collector(clock, NY)) {
      ApiClient api = new ApiClient(app.start());
      api.send(token, laptop.deviceId(), laptop.between(half, ENROLLED), ENROLLED + 60_000);
      app.contractEngine().awaitIdle();

      assertThat(described(misses(api))).containsExactlyElementsOf(TRUTH);
      assertThat(app.contractEngine().outbox()).filteredOn(e -> e.type().equals("violation.opened"))
          .as("each miss notified once").hasSize(3);
      assertThat(api.get("/api/v1/incidents")).extracting(i -> i.get("rule").asText(), i -> i.get("state").asText())
          .containsExactly(tuple("patchWindowMissed", "open"));
    }
  }

  /**
   * The client moves from New York to Berlin (the laptop reports no zone of its own, so its windows follow the
   * client's): its windows are now 00:00-03:00Z, the New York evenings before, when it was up every time. The open range
   * is judged again at the next start — every miss withdrawn, the incident resolved — and moving back reinstates the
   * same three verdicts, without a duplicate.
   */
  @Test
  void aChangeOfTimeZoneJudgesTheOpenRangeAgainWithoutDuplicates() throws Exception {
    DeviceScript laptop = laptop();
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(ENROLLED));
    List<String> ids;
    try (CollectorApp app = collector(clock, NY)) {
      ApiClient api = new ApiClient(app.start());
      String token = api.enroll(laptop, null);
      api.send(token, laptop.deviceId(), laptop.samples(), ENROLLED);
      app.contractEngine().awaitIdle();
      JsonNode before = misses(api);
      assertThat(described(before)).containsExactlyElementsOf(TRUTH);
      ids = java.util.stream.StreamSupport.stream(before.spliterator(), false).map(v -> v.get("id").asText()).toList();
    }

    clock.set(Instant.ofEpochMilli(ENROLLED + 60_000));
    try (CollectorApp app = collector(clock, ZoneId.of("Europe/Berlin"))) {
      ApiClient api = new ApiClient(app.start());
      app.contractEngine().evaluate(ENROLLED + 60_000);
      assertThat(misses(api)).as("up every Berlin night").isEmpty();
      assertThat(api.get("/api/v1/incidents")).extracting(i -> i.get("state").asText(),
          i -> i.get("resolution").asText()).containsExactly(tuple("resolved", "auto"));
    }

    clock.set(Instant.ofEpochMilli(ENROLLED + 120_000));
    try (CollectorApp app = collector(clock, NY)) {
      ApiClient api = new ApiClient(app.start());
      app.contractEngine().evaluate(ENROLLED + 120_000);
      JsonNode back = misses(api);
      assertThat(described(back)).containsExactlyElementsOf(TRUTH);
      assertThat(back).extracting(v -> v.get("id").asText()).as("the same verdicts, reinstated").isEqualTo(ids);
      assertThat(app.contractEngine().outbox()).filteredOn(e -> e.type().equals("violation.opened"))
          .as("three opened, then three reinstated").hasSize(6);
    }
  }
}
