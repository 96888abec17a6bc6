package dev.uptally.config.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the calendar arithmetic against a minute-by-minute oracle that only asks
 * {@code java.time} "what is the local time now?" — no interval logic shared with the code under test.
 * Business hours change no DST-ambiguous local time, so the oracle is exact for them.
 */
class BusinessHoursOracleTest {

  private static final long MINUTE = 60_000L;
  private static final Set<LocalDate> HOLIDAYS = Set.of(LocalDate.parse("2026-03-10"), LocalDate.parse("2026-10-27"),
      LocalDate.parse("2026-11-03"), LocalDate.parse("2026-03-31"));
  private static final ServiceCalendar CALENDAR =
      new ServiceCalendar("bh", WeeklySchedule.parse(List.of("MON-FRI 08:00-18:00")), HOLIDAYS);

  private static boolean openAt(long millis, ZoneId zone) {
    ZonedDateTime local = Instant.ofEpochMilli(millis).atZone(zone);
    DayOfWeek d = local.getDayOfWeek();
    LocalTime t = local.toLocalTime();
    return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY && !HOLIDAYS.contains(local.toLocalDate())
        && !t.isBefore(LocalTime.of(8, 0)) && t.isBefore(LocalTime.of(18, 0));
  }

  private static long oracleOpenMillis(long from, long to, ZoneId zone) {
    long total = 0;
    for (long t = from; t < to; t += MINUTE) {
      if (openAt(t, zone)) {
        total += MINUTE;
      }
    }
    return total;
  }

  private static long oracleAddOpen(long start, long openMillis, ZoneId zone) {
    long t = start;
    long left = openMillis;
    while (left > 0) {
      if (openAt(t, zone)) {
        left -= MINUTE;
      }
      t += MINUTE;
    }
    // the due instant is the end of the last open minute
    return t;
  }

  @Test
  void openTimeMatchesTheOracleAcrossEveryDstChangeOf2026() {
    for (String zoneId : List.of("America/New_York", "Europe/Berlin")) {
      ZoneId zone = ZoneId.of(zoneId);
      for (String month : List.of("2026-03-01", "2026-10-15")) {
        long from = LocalDate.parse(month).atStartOfDay(zone).toInstant().toEpochMilli() + 7 * MINUTE;
        long to = from + 35L * 24 * 60 * MINUTE;
        assertThat(CALENDAR.openMillis(from, to, zone)).as(zoneId + " " + month)
            .isEqualTo(oracleOpenMillis(from, to, zone));
      }
    }
  }

  @Test
  void dueTimesMatchTheOracleFromRandomStarts() {
    Random random = new Random(20261101L);
    for (String zoneId : List.of("America/New_York", "Europe/Berlin")) {
      ZoneId zone = ZoneId.of(zoneId);
      long base = LocalDate.parse("2026-03-02").atStartOfDay(zone).toInstant().toEpochMilli();
      for (int i = 0; i < 40; i++) {
        long start = base + random.nextInt(40 * 24 * 60) * MINUTE;
        long target = (1 + random.nextInt(60 * 60)) * MINUTE; // up to 60 business hours
        assertThat(CALENDAR.addOpenMillis(start, target, zone))
            .as("%s start %s + %d min", zoneId, Instant.ofEpochMilli(start), target / MINUTE)
            .isEqualTo(oracleAddOpen(start, target, zone));
      }
    }
  }
}
