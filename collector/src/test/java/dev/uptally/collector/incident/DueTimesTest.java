package dev.uptally.collector.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.config.collector.Contract;
import dev.uptally.config.schedule.ServiceCalendar;
import dev.uptally.config.schedule.WeeklySchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DueTimesTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final ServiceCalendar BUSINESS = new ServiceCalendar("business-hours",
      WeeklySchedule.parse(List.of("MON-FRI 08:00-18:00")), Set.of(LocalDate.of(2026, 12, 25)));
  private static final Contract.Priority P3 = new Contract.Priority(Duration.ofHours(4), Duration.ofDays(2),
      "business-hours");

  private static long at(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }

  private static Instant instant(String local) {
    return Instant.ofEpochMilli(at(local));
  }

  @Test
  void theClockStopsOverTheHolidayAndTheWeekend() {
    // Thursday 2026-12-24 17:00: 1 h that day; Friday 12-25 is a holiday; then Monday 12-28 from 08:00
    DueTimes due = DueTimes.of(P3, BUSINESS, 0.75, at("2026-12-24T17:00"), NY);
    assertThat(Instant.ofEpochMilli(due.escalateMillis())).isEqualTo(instant("2026-12-28T10:00")); // 3 h
    assertThat(Instant.ofEpochMilli(due.responseDueMillis())).isEqualTo(instant("2026-12-28T11:00")); // 4 h
    // 48 h: 1 on Thursday, 10 a day Monday to Thursday (41), 7 on Friday 2027-01-01 → 15:00
    assertThat(Instant.ofEpochMilli(due.resolutionDueMillis())).isEqualTo(instant("2027-01-01T15:00"));
  }

  @Test
  void openedOutsideBusinessHoursTheClockStartsAtTheNextOpening() {
    DueTimes due = DueTimes.of(P3, BUSINESS, 0.5, at("2026-11-14T03:00"), NY); // a Saturday night
    assertThat(Instant.ofEpochMilli(due.escalateMillis())).isEqualTo(instant("2026-11-16T10:00"));
    assertThat(Instant.ofEpochMilli(due.responseDueMillis())).isEqualTo(instant("2026-11-16T12:00"));
  }

  @Test
  void aTwentyFourSevenPriorityIsPlainElapsedTime() {
    Contract.Priority p1 = new Contract.Priority(Duration.ofMinutes(15), Duration.ofHours(4), "24x7");
    DueTimes due = DueTimes.of(p1, ServiceCalendar.ALWAYS, 0.75, at("2026-11-01T01:30"), NY); // across fall-back
    assertThat(due.escalateMillis() - at("2026-11-01T01:30")).isEqualTo(Duration.ofSeconds(675).toMillis());
    assertThat(due.resolutionDueMillis() - at("2026-11-01T01:30")).isEqualTo(Duration.ofHours(4).toMillis());
  }
}
