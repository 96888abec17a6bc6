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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A patch window that starts on the last evening of a month and ends in the next one (in the client's zone, which
 * the monthly report uses) belongs to the month it starts in: that month counts it as a window and, when missed, as
 * a miss; the next month does neither.
 *
 * <p>Client zone Atlantic/Cape_Verde (UTC−1 all year), device zone Europe/Berlin (CET = UTC+1 in winter). The
 * device's window TUE 01:00-04:00 on Tuesday 1 December 2026 is 2026-12-01T00:00Z-03:00Z, that is Monday 30 November
 * 23:00 to Tuesday 1 December 02:00 in the client's zone. The workstation is switched off from Monday 23:00 to
 * Tuesday 07:00 Berlin time, so it misses that window.
 */
class PatchWindowAcrossMonthEndTest {

  private static final ZoneId CLIENT = ZoneId.of("Atlantic/Cape_Verde");
  private static final ZoneId DEVICE = ZoneId.of("Europe/Berlin");
  private static final long H = 3_600_000;
  private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
  private static final YearMonth DECEMBER = YearMonth.of(2026, 12);
  private static final Instant WINDOW_START = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void aMissedWindowStartingOnTheLastEveningOfAMonthIsReportedInThatMonthOnly(@TempDir Path dir) throws Exception {
    Map<YearMonth, MonthlyReport> reports = switchedOffOverTheFirstDecemberWindow(dir);

    assertThat(reports.get(NOVEMBER).patchMisses()).extracting(MonthlyReport.PatchMissRow::windowStart)
        .containsExactly(WINDOW_START);
    // December has not had a window of this device start yet (the next is Tuesday 8 December): no window, no miss
    assertThat(reports.get(DECEMBER).patchMisses()).as("November's last window missed, in December's report")
        .isEmpty();
    assertThat(reports.get(DECEMBER).patchWindows()).as("December's patch compliance rows").isEmpty();
  }

  @Test
  void aDeviceEnrolledLateInTheMonthIsRatedOnlyOnTheWindowsItsTimelineCovers(@TempDir Path dir) throws Exception {
    Map<YearMonth, MonthlyReport> reports = switchedOffOverTheFirstDecemberWindow(dir);

    // the device's first sample is Monday 30 November 12:00 Berlin: of November's windows (Tuesdays 3, 10, 17, 24 and
    // the one of Tuesday 1 December starting on the 30th in the client's zone) only the last was judged, and missed
    assertThat(reports.get(NOVEMBER).patchWindows()).extracting(MonthlyReport.PatchDeviceRow::deviceId,
        MonthlyReport.PatchDeviceRow::windows, MonthlyReport.PatchDeviceRow::missed)
        .containsExactly(tuple("ws-off", 1, 1));
  }

  /** The workstation's life from Monday 30 November 12:00 to Wednesday 2 December 12:00 Berlin; both reports. */
  private static Map<YearMonth, MonthlyReport> switchedOffOverTheFirstDecemberWindow(Path dir) throws Exception {
    long start = berlin("2026-11-30T12:00");
    long end = berlin("2026-12-02T12:00");
    DeviceScript ws = device("ws-off", "workstation", start)
        .beatUpTo(berlin("2026-11-30T23:00")).shutdown(ShutdownReason.OS, 1_000)
        .boot(berlin("2026-12-01T07:00"), berlin("2026-12-01T07:00") + 30_000)
        .beatUpTo(end);
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(start));
    try (CollectorApp app = new CollectorApp(ContractFixtures.config(CLIENT, dir.resolve("uptally.db")), clock,
        HttpTimeouts.DEFAULTS, 2)) {
      ApiClient api = new ApiClient(app.start());
      String token = api.enroll(ws, DEVICE.getId());
      api.send(token, ws.deviceId(), ws.between(start - 1, start), start);
      for (long now = start + 6 * H; now <= end; now += 6 * H) {
        clock.set(Instant.ofEpochMilli(now));
        var slice = ws.between(now - 6 * H, now);
        if (!slice.isEmpty()) {
          api.send(token, ws.deviceId(), slice, now);
        }
        app.contractEngine().evaluate(now);
        app.contractEngine().awaitIdle();
      }
      assertThat(api.get("/api/v1/violations?party=customer&from=2026-11-01&to=2027-01-01"))
          .extracting(v -> v.get("deviceId").asText(), v -> v.get("start").asText())
          .as("the engine's verdicts").containsExactly(tuple("ws-off", WINDOW_START.toString()));
      return Map.of(NOVEMBER, app.reports().build("acme", NOVEMBER).orElseThrow(),
          DECEMBER, app.reports().build("acme", DECEMBER).orElseThrow());
    }
  }

  private static long berlin(String local) {
    return LocalDateTime.parse(local).atZone(DEVICE).toInstant().toEpochMilli();
  }
}
