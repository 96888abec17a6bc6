package dev.uptally.collector.incident;

import static dev.uptally.collector.incident.IncidentDevices.device;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.testing.DeviceScript;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The MSP's side of the availability promise: when November (New York) has ended, each server is judged on its
 * month's availability against the servers' target (99.9 %, 24x7, maintenance SUN 02:00-04:00 excluded). Three
 * servers join on Saturday 28 November at noon: one runs through, one crashes for ten minutes (600 s down of about
 * 58 h measured: 99.71 %), one falls silent on the last evening (its silence counts as down up to the month's end).
 * The crashed and the silent one are {@code availability-below-target} violations with party msp and the month as
 * their window, with the figures {@code /sla} gives for the month; when the silent server's spool proves it was up,
 * its violation is withdrawn.
 */
class AvailabilityVerdictsTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");

  private static long at(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }

  @Test
  void serversBelowTheirTargetInAMonthAreMspViolationsUntilLateDataProvesOtherwise(@TempDir Path dir)
      throws Exception {
    long start = at("2026-11-28T12:00");
    long lastEvening = at("2026-11-30T20:00");
    long judged = at("2026-12-01T00:30");
    long back = at("2026-12-01T00:40");
    DeviceScript steady = device("srv-steady", "server", start).beatUpTo(back);
    DeviceScript crashed = device("srv-crashed", "server", start).beatUpTo(at("2026-11-28T14:00"))
        .crashAndBoot(at("2026-11-28T14:10"), at("2026-11-28T14:10:30")).beatUpTo(back);
    DeviceScript away = device("srv-away", "server", start).beatUpTo(back);
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(start));
    CollectorApp app = new CollectorApp(ContractFixtures.config(NY, dir.resolve("uptally.db")), clock,
        HttpTimeouts.DEFAULTS, 2);
    try {
      ApiClient api = new ApiClient(app.start());
      Map<DeviceScript, String> tokens = Map.of(steady, api.enroll(steady, "America/New_York"),
          crashed, api.enroll(crashed, "America/New_York"), away, api.enroll(away, "America/New_York"));
      long installed = start + 20 * 60_000; // after the startup allowance (grace, 15 min)
      clock.set(Instant.ofEpochMilli(installed));
      app.contractEngine().evaluate(installed); // the first run: November is the month under way

      clock.set(Instant.ofEpochMilli(lastEvening));
      for (Map.Entry<DeviceScript, String> d : tokens.entrySet()) {
        api.send(d.getValue(), d.getKey().deviceId(), d.getKey().between(start - 1, lastEvening), lastEvening);
      }
      clock.set(Instant.ofEpochMilli(judged));
      api.send(tokens.get(steady), steady.deviceId(), steady.between(lastEvening, judged), judged);
      api.send(tokens.get(crashed), crashed.deviceId(), crashed.between(lastEvening, judged), judged);
      app.fleet().tickAll(judged).join();
      app.contractEngine().evaluate(judged);
      app.contractEngine().awaitIdle();

      String window = "from=2026-11-01T04:00:00Z&to=2026-12-01T05:00:00Z";
      JsonNode violations = api.get("/api/v1/violations?client=acme&party=msp&" + window);
      assertThat(violations).filteredOn(v -> v.get("type").asText().equals("availability-below-target"))
          .extracting(v -> v.get("deviceId").asText(), v -> v.get("party").asText(), v -> v.get("start").asText(),
              v -> v.get("end").asText())
          .containsExactlyInAnyOrder(
              tuple("srv-crashed", "msp", "2026-11-01T04:00:00Z", "2026-12-01T05:00:00Z"),
              tuple("srv-away", "msp", "2026-11-01T04:00:00Z", "2026-12-01T05:00:00Z"));
      JsonNode crashedSla = api.get("/api/v1/devices/srv-crashed/sla?" + window);
      assertThat(crashedSla.get("downSeconds").asLong()).as("the crash: last heartbeat to boot").isEqualTo(600);
      JsonNode awaySla = api.get("/api/v1/devices/srv-away/sla?" + window);
      assertThat(awaySla.get("downSeconds").asLong()).as("silent from its last heartbeat to the month's end")
          .isEqualTo(4 * 3600);
      for (JsonNode v : violations) {
        JsonNode sla = v.get("deviceId").asText().equals("srv-crashed") ? crashedSla : awaySla;
        assertThat(v.get("detail").asText()).as("the figures of /sla for the month")
            .contains("down " + sla.get("downSeconds").asLong() + " s of " + sla.get("measuredSeconds").asLong()
                + " s measured").contains("below target 99.9 %");
      }
      assertThat(app.contractEngine().outbox()).filteredOn(e -> e.type().equals("violation.opened"))
          .filteredOn(e -> e.payload().contains("availability-below-target")).hasSize(2);

      app.contractEngine().evaluate(judged + 60_000);
      assertThat(api.get("/api/v1/violations?client=acme&party=msp&" + window)).as("a month is judged once")
          .hasSize(2);

      clock.set(Instant.ofEpochMilli(back));
      api.send(tokens.get(away), away.deviceId(), away.between(lastEvening, back), back);
      app.contractEngine().awaitIdle();
      assertThat(api.get("/api/v1/violations?client=acme&party=msp&" + window))
          .as("the replayed spool shows the away server up to the month's end: withdrawn")
          .extracting(v -> v.get("deviceId").asText()).containsExactly("srv-crashed");
    } finally {
      app.close();
    }
  }

  /**
   * November ended before the collector first ran; its history arrives afterwards (a backfill, or agents installed
   * with spooled samples). It is judged like live evidence, at once: no wait after the start.
   */
  @Test
  void aMonthThatEndedBeforeTheCollectorFirstRanIsJudgedFromItsBackfilledHistory(@TempDir Path dir) throws Exception {
    long start = at("2026-11-30T12:00");
    long firstRun = at("2026-12-01T01:00");
    DeviceScript crashed = device("srv-old", "server", start).beatUpTo(at("2026-11-30T13:00"))
        .crashAndBoot(at("2026-11-30T15:00"), at("2026-11-30T15:00:30")).beatUpTo(firstRun);
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(firstRun));
    CollectorApp app = new CollectorApp(ContractFixtures.config(NY, dir.resolve("uptally.db")), clock,
        HttpTimeouts.DEFAULTS, 2);
    try {
      ApiClient api = new ApiClient(app.start());
      String token = api.enroll(crashed, "America/New_York");
      api.send(token, crashed.deviceId(), crashed.between(start - 1, firstRun), firstRun);
      app.contractEngine().awaitIdle();
      JsonNode sla = api.get("/api/v1/devices/srv-old/sla?from=2026-11-01T04:00:00Z&to=2026-12-01T05:00:00Z");
      assertThat(sla.get("downSeconds").asLong()).as("November was below target").isEqualTo(2 * 3600);
      JsonNode violations = api.get("/api/v1/violations?client=acme&party=msp&from=2026-11-01&to=2026-12-02");
      assertThat(violations).extracting(v -> v.get("type").asText(), v -> v.get("deviceId").asText(),
          v -> v.get("start").asText())
          .containsExactly(tuple("availability-below-target", "srv-old", "2026-11-01T04:00:00Z"));
      assertThat(violations.get(0).get("detail").asText()).contains("down 7200 s of "
          + sla.get("measuredSeconds").asLong() + " s measured");

      for (long t = firstRun + 600_000; t <= firstRun + 3_600_000; t += 600_000) {
        clock.set(Instant.ofEpochMilli(t));
        app.contractEngine().evaluate(t);
      }
      assertThat(api.get("/api/v1/violations?client=acme&party=msp&from=2026-11-01&to=2026-12-02"))
          .filteredOn(v -> v.get("type").asText().equals("availability-below-target")).as("judged once").hasSize(1);
      assertThat(app.contractEngine().outbox()).filteredOn(e -> e.type().equals("violation.opened"))
          .filteredOn(e -> e.payload().contains("availability-below-target")).hasSize(1);
    } finally {
      app.close();
    }
  }
}
