package dev.uptally.config.schedule;

import static dev.uptally.config.schedule.WeeklyScheduleTest.BERLIN;
import static dev.uptally.config.schedule.WeeklyScheduleTest.NEW_YORK;
import static dev.uptally.config.schedule.WeeklyScheduleTest.at;
import static dev.uptally.config.schedule.WeeklyScheduleTest.range;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceCalendarTest {

  static final long HOUR = 3_600_000L;

  static ServiceCalendar businessHours(String... holidays) {
    return new ServiceCalendar("business-hours", WeeklySchedule.parse(List.of("MON-FRI 08:00-18:00")),
        Set.of(holidays).stream().map(LocalDate::parse).collect(java.util.stream.Collectors.toSet()));
  }

  @Test
  void twentyFourSevenIsOpenAlways() {
    long from = at("2026-03-08T00:00-05:00");
    long to = at("2026-03-09T00:00-04:00");
    assertThat(ServiceCalendar.ALWAYS.open(from, to, NEW_YORK)).containsExactly(new dev.uptally.common.time.TimeRange(from, to));
    assertThat(ServiceCalendar.ALWAYS.openMillis(from, to, NEW_YORK)).isEqualTo(23 * HOUR);
    assertThat(ServiceCalendar.ALWAYS.addOpenMillis(from, 5 * HOUR, NEW_YORK)).isEqualTo(from + 5 * HOUR);
  }

  @Test
  void businessHoursAcrossSpringForwardWeekendFollowLocalTime() {
    var open = businessHours().open(at("2026-03-06T00:00-05:00"), at("2026-03-10T00:00-04:00"), NEW_YORK);
    assertThat(open).containsExactly(
        range("2026-03-06T08:00-05:00", "2026-03-06T18:00-05:00"),
        range("2026-03-09T08:00-04:00", "2026-03-09T18:00-04:00"));
    // in UTC the Monday window opens an hour earlier than the Friday one
    assertThat(open.get(0).startMillis() % (24 * HOUR)).isEqualTo(13 * HOUR);
    assertThat(open.get(1).startMillis() % (24 * HOUR)).isEqualTo(12 * HOUR);
  }

  @Test
  void businessWeekIsFiftyHoursEvenInTheDstWeek() {
    assertThat(businessHours().openMillis(at("2026-10-19T00:00+02:00"), at("2026-10-26T00:00+01:00"), BERLIN))
        .isEqualTo(50 * HOUR);
  }

  @Test
  void openRangesAreClippedToTheQuery() {
    assertThat(businessHours().open(at("2026-11-20T17:30-05:00"), at("2026-11-23T09:00-05:00"), NEW_YORK))
        .containsExactly(
            range("2026-11-20T17:30-05:00", "2026-11-20T18:00-05:00"),
            range("2026-11-23T08:00-05:00", "2026-11-23T09:00-05:00"));
  }

  @Test
  void holidayClosesTheWholeLocalDay() {
    ServiceCalendar c = businessHours("2026-12-25");
    assertThat(c.openMillis(at("2026-12-21T00:00-05:00"), at("2026-12-28T00:00-05:00"), NEW_YORK))
        .isEqualTo(40 * HOUR);
    assertThat(c.open(at("2026-12-25T00:00-05:00"), at("2026-12-26T00:00-05:00"), NEW_YORK)).isEmpty();
  }

  @Test
  void holidayCutsTheNextDayPartOfAWindowCrossingMidnight() {
    ServiceCalendar c = new ServiceCalendar("night", WeeklySchedule.parse(List.of("MON 23:00-02:00")),
        Set.of(LocalDate.parse("2026-11-24")));
    assertThat(c.open(at("2026-11-23T00:00Z"), at("2026-11-25T00:00Z"), ZoneOffset.UTC))
        .containsExactly(range("2026-11-23T23:00Z", "2026-11-24T00:00Z"));
  }

  @Test
  void overlappingRulesMergeIntoOneOpenRange() {
    ServiceCalendar c = new ServiceCalendar("x", WeeklySchedule.parse(List.of("MON 08:00-12:00", "MON 11:00-14:00",
        "MON 14:00-15:00")), Set.of());
    assertThat(c.open(at("2026-11-23T00:00Z"), at("2026-11-24T00:00Z"), ZoneOffset.UTC))
        .containsExactly(range("2026-11-23T08:00Z", "2026-11-23T15:00Z"));
  }

  @Test
  void p3FourHourTargetStartedFridayEveningEndsMondayLateMorning() {
    assertThat(businessHours().addOpenMillis(at("2026-11-20T17:30-05:00"), 4 * HOUR, NEW_YORK))
        .isEqualTo(at("2026-11-23T11:30-05:00"));
  }

  @Test
  void mondayHolidayPushesTheP3TargetToTuesday() {
    assertThat(businessHours("2026-11-23").addOpenMillis(at("2026-11-20T17:30-05:00"), 4 * HOUR, NEW_YORK))
        .isEqualTo(at("2026-11-24T11:30-05:00"));
  }

  @Test
  void targetAcrossSpringForwardWeekendEndsAtLocalTime() {
    assertThat(businessHours().addOpenMillis(at("2026-03-06T17:30-05:00"), 4 * HOUR, NEW_YORK))
        .isEqualTo(at("2026-03-09T11:30-04:00"));
    assertThat(businessHours().addOpenMillis(at("2026-10-23T17:30+02:00"), 4 * HOUR, BERLIN))
        .isEqualTo(at("2026-10-26T11:30+01:00"));
  }

  @Test
  void fiveBusinessDaysSpanAWeekAndHolidaysExtendThem() {
    assertThat(businessHours().addOpenMillis(at("2026-11-23T08:00-05:00"), 50 * HOUR, NEW_YORK))
        .isEqualTo(at("2026-11-27T18:00-05:00"));
    assertThat(businessHours("2026-11-26").addOpenMillis(at("2026-11-23T08:00-05:00"), 50 * HOUR, NEW_YORK))
        .isEqualTo(at("2026-11-30T18:00-05:00"));
  }

  @Test
  void targetEndingExactlyAtClosingTimeEndsThere() {
    assertThat(businessHours().addOpenMillis(at("2026-11-20T17:30-05:00"), HOUR / 2, NEW_YORK))
        .isEqualTo(at("2026-11-20T18:00-05:00"));
  }

  @Test
  void longTargetsAreComputedWithoutWalkingMinuteByMinute() {
    // 260 business days = 52 weeks of 50 h: from Monday 08:00 to the Friday 18:00 a year later
    long due = businessHours().addOpenMillis(at("2026-01-05T08:00-05:00"), 52 * 50 * HOUR, NEW_YORK);
    assertThat(due).isEqualTo(at("2027-01-01T18:00-05:00"));
  }
}
