package dev.uptally.config.schedule;

import dev.uptally.common.time.TimeRange;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing and time-zone arithmetic behind {@link WeeklySchedule} and {@link ServiceCalendar}. */
final class ScheduleMath {

  private static final Pattern RULE =
      Pattern.compile("([A-Za-z]{3}(?:\\s*[-,]\\s*[A-Za-z]{3})*)\\s+(\\d{2}):(\\d{2})\\s*-\\s*(\\d{2}):(\\d{2})");
  private static final long DAY_MILLIS = 86_400_000L;
  private static final long WEEK_MILLIS = 7 * DAY_MILLIS;
  /** A calendar that stays closed this long will never open (holidays are a finite set). */
  private static final int MAX_CLOSED_WEEKS = 800;

  private ScheduleMath() {}

  static WeeklyRule parseRule(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a weekly rule is missing (expected e.g. \"MON-FRI 08:00-18:00\")");
    }
    Matcher m = RULE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a weekly rule (expected e.g. \"MON-FRI 08:00-18:00\")");
    }
    Set<DayOfWeek> days = parseDays(m.group(1).replace(" ", ""), text);
    LocalTime start = time(m.group(2), m.group(3), false, text);
    LocalTime end = time(m.group(4), m.group(5), true, text);
    boolean endIs24 = "24".equals(m.group(4));
    if (start.equals(end) && !endIs24) {
      throw new IllegalArgumentException("'" + text + "' starts and ends at the same time (write 00:00-24:00 for a whole day)");
    }
    return new WeeklyRule(days, start, end);
  }

  private static Set<DayOfWeek> parseDays(String spec, String text) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String item : spec.split(",")) {
      String[] range = item.split("-");
      if (range.length == 1) {
        days.add(day(range[0], text));
      } else if (range.length == 2) {
        DayOfWeek from = day(range[0], text);
        DayOfWeek to = day(range[1], text);
        for (DayOfWeek d = from; ; d = d.plus(1)) {
          days.add(d);
          if (d == to) {
            break;
          }
        }
      } else {
        throw new IllegalArgumentException("'" + text + "': '" + item + "' is not a day or a day range (e.g. MON-FRI)");
      }
    }
    return days;
  }

  private static DayOfWeek day(String abbreviation, String text) {
    String a = abbreviation.toUpperCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().startsWith(a) && a.length() == 3) {
        return d;
      }
    }
    throw new IllegalArgumentException("'" + text + "': '" + abbreviation + "' is not a day (MON TUE WED THU FRI SAT SUN)");
  }

  private static LocalTime time(String hh, String mm, boolean isEnd, String text) {
    int h = Integer.parseInt(hh);
    int m = Integer.parseInt(mm);
    if (isEnd && h == 24 && m == 0) {
      return LocalTime.MIDNIGHT;
    }
    if (h > 23 || m > 59) {
      throw new IllegalArgumentException("'" + text + "': " + hh + ":" + mm + " is not a time of day (00:00-23:59"
          + (isEnd ? ", or 24:00 as an end)" : ")"));
    }
    return LocalTime.of(h, m);
  }

  static List<TimeRange> occurrences(WeeklySchedule s, long from, long to, ZoneId zone) {
    List<TimeRange> out = new ArrayList<>();
    if (to <= from) {
      return out;
    }
    // An occurrence starts at most one local day (plus a DST shift) before the day it ends on.
    LocalDate first = localDate(from, zone).minusDays(2);
    LocalDate last = localDate(to, zone).plusDays(1);
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      for (WeeklyRule rule : s.rules()) {
        if (rule.days().contains(d.getDayOfWeek())) {
          TimeRange r = occurrence(rule, d, zone);
          if (r.durationMillis() > 0 && r.startMillis() < to && r.endMillis() > from) {
            out.add(r);
          }
        }
      }
    }
    out.sort(Comparator.comparingLong(TimeRange::startMillis).thenComparingLong(TimeRange::endMillis));
    return out.stream().distinct().toList();
  }

  /** The rule's occurrence starting on local date {@code day}; empty when a DST gap swallows it. */
  private static TimeRange occurrence(WeeklyRule rule, LocalDate day, ZoneId zone) {
    long start = resolve(day.atTime(rule.start()), zone);
    LocalDate endDay = rule.crossesMidnight() ? day.plusDays(1) : day;
    long end = resolveEnd(endDay.atTime(rule.end()), zone);
    return new TimeRange(start, Math.max(start, end));
  }

  /**
   * An end inside a DST gap is the jump itself: the local clock passes the end as it jumps. Moved forward by the gap
   * instead (as a start is), the window of a rule crossing midnight would end after the next day's window of the
   * same rule began ({@code SAT,SUN 03:00-02:15} in Melbourne on the night of the spring change).
   */
  private static long resolveEnd(LocalDateTime local, ZoneId zone) {
    ZoneOffsetTransition transition = zone.getRules().getTransition(local);
    if (transition != null && transition.isGap()) {
      return transition.getInstant().toEpochMilli();
    }
    return resolve(local, zone);
  }

  /** DST gap: moves forward by the gap length; overlap: the earlier offset ({@link ZonedDateTime#ofLocal}). Starts. */
  private static long resolve(LocalDateTime local, ZoneId zone) {
    return ZonedDateTime.ofLocal(local, zone, null).toInstant().toEpochMilli();
  }

  private static LocalDate localDate(long millis, ZoneId zone) {
    return java.time.Instant.ofEpochMilli(millis).atZone(zone).toLocalDate();
  }

  static List<TimeRange> open(ServiceCalendar c, long from, long to, ZoneId zone) {
    if (to <= from) {
      return List.of();
    }
    List<TimeRange> open = new ArrayList<>();
    if (c.weekly() == null) {
      open.add(new TimeRange(from, to));
    } else {
      for (TimeRange r : occurrences(c.weekly(), from, to, zone)) {
        open.add(r.clip(from, to));
      }
      open = merge(open);
    }
    if (c.holidays().isEmpty()) {
      return List.copyOf(open);
    }
    return subtract(open, closedDays(c, from, to, zone));
  }

  /** Sorted input: overlapping or touching ranges become one. */
  private static List<TimeRange> merge(List<TimeRange> sorted) {
    List<TimeRange> out = new ArrayList<>();
    TimeRange current = null;
    for (TimeRange r : sorted) {
      if (current != null && r.startMillis() <= current.endMillis()) {
        current = new TimeRange(current.startMillis(), Math.max(current.endMillis(), r.endMillis()));
      } else {
        if (current != null) {
          out.add(current);
        }
        current = r;
      }
    }
    if (current != null) {
      out.add(current);
    }
    return out;
  }

  private static List<TimeRange> closedDays(ServiceCalendar c, long from, long to, ZoneId zone) {
    List<TimeRange> closed = new ArrayList<>();
    for (LocalDate h : c.holidays()) {
      long start = h.atStartOfDay(zone).toInstant().toEpochMilli();
      long end = h.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
      if (start < to && end > from) {
        closed.add(new TimeRange(start, end));
      }
    }
    closed.sort(Comparator.comparingLong(TimeRange::startMillis));
    return merge(closed);
  }

  /** Both inputs sorted and non-overlapping. */
  private static List<TimeRange> subtract(List<TimeRange> open, List<TimeRange> closed) {
    List<TimeRange> out = new ArrayList<>();
    int k = 0;
    for (TimeRange r : open) {
      long cursor = r.startMillis();
      while (k < closed.size() && closed.get(k).endMillis() <= cursor) {
        k++;
      }
      int j = k;
      while (j < closed.size() && closed.get(j).startMillis() < r.endMillis()) {
        TimeRange cut = closed.get(j);
        if (cut.startMillis() > cursor) {
          out.add(new TimeRange(cursor, cut.startMillis()));
        }
        cursor = Math.max(cursor, cut.endMillis());
        j++;
      }
      if (cursor < r.endMillis()) {
        out.add(new TimeRange(cursor, r.endMillis()));
      }
    }
    return List.copyOf(out);
  }

  static long addOpen(ServiceCalendar c, long start, long openMillis, ZoneId zone) {
    if (openMillis < 0) {
      throw new IllegalArgumentException("openMillis must not be negative: " + openMillis);
    }
    if (c.weekly() == null && c.holidays().isEmpty()) {
      return Math.addExact(start, openMillis);
    }
    long remaining = openMillis;
    long cursor = start;
    int closedWeeks = 0;
    while (true) {
      List<TimeRange> week = open(c, cursor, cursor + WEEK_MILLIS, zone);
      for (TimeRange r : week) {
        if (remaining <= r.durationMillis()) {
          return r.startMillis() + remaining;
        }
        remaining -= r.durationMillis();
      }
      closedWeeks = week.isEmpty() ? closedWeeks + 1 : 0;
      if (closedWeeks > MAX_CLOSED_WEEKS) {
        throw new IllegalStateException("calendar '" + c.name() + "' has no open time after "
            + java.time.Instant.ofEpochMilli(cursor));
      }
      cursor += WEEK_MILLIS;
    }
  }
}
