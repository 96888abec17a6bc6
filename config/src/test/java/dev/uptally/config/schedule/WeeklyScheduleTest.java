package dev.uptally.config.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.common.time.TimeRange;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Truth is written as instants with explicit offsets, looked up in the tz database by hand. */
class WeeklyScheduleTest {

  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  static long at(String isoWithOffset) {
    return Instant.from(java.time.OffsetDateTime.parse(isoWithOffset)).toEpochMilli();
  }

  static TimeRange range(String from, String to) {
    return new TimeRange(at(from), at(to));
  }

  static WeeklySchedule schedule(String... rules) {
    return WeeklySchedule.parse(List.of(rules));
  }

  @Test
  void parsesDayRangesListsAndTimes() {
    WeeklyRule r = WeeklyRule.parse("MON-FRI 08:00-18:00");
    assertThat(r.days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
        DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
    assertThat(r.start()).isEqualTo(LocalTime.of(8, 0));
    assertThat(r.end()).isEqualTo(LocalTime.of(18, 0));
    assertThat(r.crossesMidnight()).isFalse();

    WeeklyRule weekend = WeeklyRule.parse("SAT,SUN 00:00-24:00");
    assertThat(weekend.days()).containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    assertThat(weekend.end()).isEqualTo(LocalTime.MIDNIGHT);

    assertThat(WeeklyRule.parse("MON 23:00-02:00").crossesMidnight()).isTrue();
    assertThat(WeeklyRule.parse("MON,WED-THU 01:00-02:00").days())
        .containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY);
  }

  @Test
  void rejectsMalformedRulesNamingTheText() {
    for (String bad : List.of("MON 25:00-26:00", "XYZ 01:00-02:00", "MON 08:00-08:00", "MON 8:00-9:00",
        "MON-FRI", "24:00-01:00", "MON 24:00-01:00", "MON 08:60-09:00")) {
      assertThatThrownBy(() -> WeeklyRule.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.substring(0, 3));
    }
  }

  @Test
  void windowOnSpringForwardNightInNewYorkLastsTwoHours() {
    List<TimeRange> occ = schedule("SUN 01:00-04:00")
        .occurrences(at("2026-03-07T00:00-05:00"), at("2026-03-09T00:00-04:00"), NEW_YORK);
    assertThat(occ).containsExactly(range("2026-03-08T01:00-05:00", "2026-03-08T04:00-04:00"));
    assertThat(occ.get(0).durationMillis()).isEqualTo(Duration.ofHours(2).toMillis());
  }

  @Test
  void windowOnFallBackNightInNewYorkLastsFourHours() {
    List<TimeRange> occ = schedule("SUN 01:00-04:00")
        .occurrences(at("2026-10-31T00:00-04:00"), at("2026-11-02T00:00-05:00"), NEW_YORK);
    assertThat(occ).containsExactly(range("2026-11-01T01:00-04:00", "2026-11-01T04:00-05:00"));
    assertThat(occ.get(0).durationMillis()).isEqualTo(Duration.ofHours(4).toMillis());
  }

  @Test
  void windowsOnBerlinChangeNightsLastTwoAndFourHours() {
    WeeklySchedule s = schedule("SUN 01:00-04:00");
    assertThat(s.occurrences(at("2026-03-28T12:00+01:00"), at("2026-03-29T12:00+02:00"), BERLIN))
        .containsExactly(range("2026-03-29T01:00+01:00", "2026-03-29T04:00+02:00"))
        .allSatisfy(r -> assertThat(r.durationMillis()).isEqualTo(2 * 3_600_000L));
    assertThat(s.occurrences(at("2026-10-24T12:00+02:00"), at("2026-10-25T12:00+01:00"), BERLIN))
        .containsExactly(range("2026-10-25T01:00+02:00", "2026-10-25T04:00+01:00"))
        .allSatisfy(r -> assertThat(r.durationMillis()).isEqualTo(4 * 3_600_000L));
  }

  @Test
  void startInsideDstGapMovesForwardAndAmbiguousStartTakesEarlierOffset() {
    assertThat(schedule("SUN 02:30-05:00")
        .occurrences(at("2026-03-08T00:00-05:00"), at("2026-03-09T00:00-04:00"), NEW_YORK))
        .containsExactly(range("2026-03-08T03:30-04:00", "2026-03-08T05:00-04:00"));
    assertThat(schedule("SUN 01:30-03:00")
        .occurrences(at("2026-11-01T00:00-04:00"), at("2026-11-02T00:00-05:00"), NEW_YORK))
        .containsExactly(range("2026-11-01T01:30-04:00", "2026-11-01T03:00-05:00"));
  }

  /** Found by WeeklyScheduleFuzzTest: Saturday's window ended at 03:15 daylight time, after Sunday's had begun. */
  @Test
  void endInsideDstGapIsTheJumpSoAWindowNeverOverlapsTheNextOne() {
    ZoneId melbourne = ZoneId.of("Australia/Melbourne"); // 2019-10-06 02:00 standard time jumps to 03:00 daylight time
    assertThat(schedule("SAT,SUN 03:00-02:15")
        .occurrences(at("2019-10-05T12:00+10:00"), at("2019-10-06T12:00+11:00"), melbourne))
        .containsExactly(range("2019-10-05T03:00+10:00", "2019-10-06T03:00+11:00"),
            range("2019-10-06T03:00+11:00", "2019-10-07T02:15+11:00"));
  }

  @Test
  void wholeDayRuleIsTwentyThreeHoursOnSpringForwardSunday() {
    assertThat(schedule("SUN 00:00-24:00")
        .occurrences(at("2026-03-29T10:00+02:00"), at("2026-03-29T11:00+02:00"), BERLIN))
        .containsExactly(range("2026-03-29T00:00+01:00", "2026-03-30T00:00+02:00"))
        .allSatisfy(r -> assertThat(r.durationMillis()).isEqualTo(23 * 3_600_000L));
  }

  @Test
  void windowCrossingMidnightEndsNextDayAndIsReturnedWhole() {
    WeeklySchedule s = schedule("MON 23:00-02:00");
    // 2026-11-23 is a Monday; the query only touches the Tuesday part.
    assertThat(s.occurrences(at("2026-11-24T01:00Z"), at("2026-11-24T01:30Z"), ZoneOffset.UTC))
        .containsExactly(range("2026-11-23T23:00Z", "2026-11-24T02:00Z"));
    assertThat(schedule("SUN 23:00-02:00")
        .occurrences(at("2026-11-30T00:00Z"), at("2026-11-30T00:01Z"), ZoneOffset.UTC))
        .containsExactly(range("2026-11-29T23:00Z", "2026-11-30T02:00Z"));
  }

  @Test
  void occurrencesAreSortedAcrossRulesAndOnlyThoseOverlappingTheQuery() {
    WeeklySchedule s = schedule("THU 01:00-04:00", "TUE 01:00-04:00");
    List<TimeRange> occ = s.occurrences(at("2026-11-24T03:59Z"), at("2026-12-01T01:00Z"), ZoneOffset.UTC);
    assertThat(occ).containsExactly(
        range("2026-11-24T01:00Z", "2026-11-24T04:00Z"),
        range("2026-11-26T01:00Z", "2026-11-26T04:00Z"));
  }
}
