package dev.uptally.config.schedule;

import dev.uptally.common.time.TimeRange;
import java.time.ZoneId;
import java.util.List;

/** Parsing and time-zone arithmetic behind {@link WeeklySchedule} and {@link ServiceCalendar}. */
final class ScheduleMath {

  private ScheduleMath() {}

  static WeeklyRule parseRule(String text) {
    throw new UnsupportedOperationException("TODO(config): parse " + text);
  }

  static List<TimeRange> occurrences(WeeklySchedule s, long from, long to, ZoneId zone) {
    throw new UnsupportedOperationException("TODO(config)");
  }

  static List<TimeRange> open(ServiceCalendar c, long from, long to, ZoneId zone) {
    throw new UnsupportedOperationException("TODO(config)");
  }

  static long addOpen(ServiceCalendar c, long start, long openMillis, ZoneId zone) {
    throw new UnsupportedOperationException("TODO(config)");
  }
}
