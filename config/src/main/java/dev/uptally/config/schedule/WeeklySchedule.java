package dev.uptally.config.schedule;

import dev.uptally.common.time.TimeRange;
import java.time.ZoneId;
import java.util.List;

/**
 * A set of weekly rules such as {@code "MON-FRI 08:00-18:00"} or {@code "MON 23:00-02:00"} (crosses
 * midnight: starts Monday, ends Tuesday), evaluated in a time zone. Immutable, thread-safe.
 */
public record WeeklySchedule(List<WeeklyRule> rules) {

  public WeeklySchedule {
    rules = List.copyOf(rules);
  }

  /**
   * Parses rule texts.
   *
   * @throws IllegalArgumentException naming the text that is not a rule
   */
  public static WeeklySchedule parse(List<String> texts) {
    return new WeeklySchedule(texts.stream().map(WeeklyRule::parse).toList());
  }

  /**
   * Every whole occurrence that overlaps {@code [fromMillis, toMillis)} (not clipped), in start order,
   * with local times resolved in {@code zone} (a start in a DST gap moves forward by the gap length;
   * an ambiguous local time takes the earlier offset).
   */
  public List<TimeRange> occurrences(long fromMillis, long toMillis, ZoneId zone) {
    return ScheduleMath.occurrences(this, fromMillis, toMillis, zone);
  }
}
