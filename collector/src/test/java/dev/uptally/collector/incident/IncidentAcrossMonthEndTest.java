package dev.uptally.collector.incident;

import static dev.uptally.collector.incident.IncidentDevices.device;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.report.MonthlyReport;
import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.protocol.ShutdownReason;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monthly report's incident section lists the incidents opened in the month ({@link MonthlyReport.IncidentRow}):
 * one opened on the month's last evening and resolved after midnight is October's, not November's as well; so is the
 * breach of its response target (a violation from the opening to the due time), though its due time is in November.
 */
class IncidentAcrossMonthEndTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");

  @Test
  void anIncidentOpenedOnTheLastEveningOfAMonthIsListedInThatMonthOnly(@TempDir Path dir) throws Exception {
    long start = ny("2026-10-31T20:00");
    long end = ny("2026-11-01T01:00");
    // a server (deviceDown P1, shutdown counts) switched off at 23:50 on 31 October, booted at 00:30 on 1 November;
    // the incident opens at 23:55 (the next 5-minute delivery), its response is due 00:10 and never comes before the
    // automatic resolution at 00:35: a response breach from 23:55 to 00:10
    DeviceScript srv = device("srv-off", "server", start)
        .beatUpTo(ny("2026-10-31T23:50")).shutdown(ShutdownReason.OS, 1_000)
        .boot(ny("2026-11-01T00:30"), ny("2026-11-01T00:30") + 30_000)
        .beatUpTo(end);
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(start));
    try (CollectorApp app = new CollectorApp(ContractFixtures.config(NY, dir.resolve("uptally.db")), clock,
        HttpTimeouts.DEFAULTS, 2)) {
      ApiClient api = new ApiClient(app.start());
      String token = api.enroll(srv, NY.getId());
      api.send(token, srv.deviceId(), srv.between(start - 1, start), start);
      api.live(clock, token, srv, start, end);
      app.contractEngine().awaitIdle();
      assertThat(api.get("/api/v1/incidents")).as("the engine's incidents")
          .extracting(i -> i.get("rule").asText(), i -> i.get("state").asText(), i -> i.get("openedAt").asText())
          .containsExactly(tuple("deviceDown", "resolved", "2026-11-01T03:55:00Z"));

      MonthlyReport october = app.reports().build("acme", YearMonth.of(2026, 10)).orElseThrow();
      MonthlyReport november = app.reports().build("acme", YearMonth.of(2026, 11)).orElseThrow();

      assertThat(october.incidents()).extracting(MonthlyReport.IncidentRow::openedAt)
          .containsExactly(Instant.parse("2026-11-01T03:55:00Z"));
      assertThat(november.incidents()).as("October's incident in November's report").isEmpty();
      // October ends while the server is off: the shutdown counts for servers, so October is below its target too
      assertThat(october.mspViolations()).extracting(MonthlyReport.ViolationRow::type, MonthlyReport.ViolationRow::start)
          .containsExactly(tuple("availability-below-target", Instant.parse("2026-10-01T04:00:00Z")),
              tuple("response-breach", Instant.parse("2026-11-01T03:55:00Z")));
      assertThat(november.mspViolations()).as("October's breach in November's report").isEmpty();
    }
  }

  private static long ny(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }
}
