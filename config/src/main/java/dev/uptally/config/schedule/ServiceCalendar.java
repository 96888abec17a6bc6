package dev.uptally.config.schedule;

import dev.uptally.common.time.TimeRange;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * When a contract's clock runs: {@code 24x7} (built in), or weekly hours minus holidays in the
 * client's time zone. Used for availability and for response/resolution timers. Thread-safe.
 *
 * @param weekly null for 24x7
 * @param holidays local dates on which the calendar is closed all day
 */
public record ServiceCalendar(String name, WeeklySchedule weekly, Set<LocalDate> holidays) {

  public static final ServiceCalendar ALWAYS = new ServiceCalendar("24x7", null, Set.of());

  public ServiceCalendar {
    holidays = Set.copyOf(holidays);
  }

  /** Open time within {@code [fromMillis, toMillis)}, clipped, sorted, non-overlapping. */
  public List<TimeRange> open(long fromMillis, long toMillis, ZoneId zone) {
    return ScheduleMath.open(this, fromMillis, toMillis, zone);
  }

  /** Total open milliseconds within {@code [fromMillis, toMillis)}. */
  public long openMillis(long fromMillis, long toMillis, ZoneId zone) {
    long total = 0;
    for (TimeRange r : open(fromMillis, toMillis, zone)) {
      total += r.durationMillis();
    }
    return total;
  }

  /**
   * The instant at which {@code openMillis} of calendar time have elapsed after {@code startMillis}
   * (for due times: a P3 opened Friday 17:30 with a 4h target in business hours is due Monday).
   */
  public long addOpenMillis(long startMillis, long openMillis, ZoneId zone) {
    return ScheduleMath.addOpen(this, startMillis, openMillis, zone);
  }
}
