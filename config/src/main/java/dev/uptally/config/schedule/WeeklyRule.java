package dev.uptally.config.schedule;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

/**
 * One weekly rule: on each of {@code days}, from {@code start} to {@code end} local time. When
 * {@code end} is not after {@code start} the occurrence ends on the next day ({@code 23:00-02:00});
 * {@code 00:00-24:00} is written with end {@link LocalTime#MIDNIGHT} and means the whole day.
 */
public record WeeklyRule(Set<DayOfWeek> days, LocalTime start, LocalTime end) {

  public WeeklyRule {
    days = Set.copyOf(days);
    if (days.isEmpty()) {
      throw new IllegalArgumentException("a weekly rule needs at least one day");
    }
  }

  public boolean crossesMidnight() {
    return !end.isAfter(start);
  }

  /** Parses {@code "MON-FRI 08:00-18:00"}, {@code "SAT,SUN 00:00-24:00"}, {@code "TUE 01:00-04:00"}. */
  public static WeeklyRule parse(String text) {
    return ScheduleMath.parseRule(text);
  }
}
