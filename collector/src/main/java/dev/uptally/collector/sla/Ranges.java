package dev.uptally.collector.sla;

import dev.uptally.common.time.TimeRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Set arithmetic on lists of half-open time ranges. Every method takes and returns <em>normal</em> lists:
 * sorted by start, non-overlapping, non-empty ranges; {@link #normal} makes any list normal. Linear time.
 */
final class Ranges {

  private Ranges() {}

  static List<TimeRange> normal(List<TimeRange> ranges) {
    List<TimeRange> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingLong(TimeRange::startMillis));
    List<TimeRange> out = new ArrayList<>(sorted.size());
    for (TimeRange r : sorted) {
      if (r.durationMillis() == 0) {
        continue;
      }
      if (!out.isEmpty() && out.get(out.size() - 1).endMillis() >= r.startMillis()) {
        TimeRange last = out.remove(out.size() - 1);
        out.add(new TimeRange(last.startMillis(), Math.max(last.endMillis(), r.endMillis())));
      } else {
        out.add(r);
      }
    }
    return out;
  }

  static List<TimeRange> intersect(List<TimeRange> a, List<TimeRange> b) {
    List<TimeRange> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() && j < b.size()) {
      TimeRange x = a.get(i);
      TimeRange y = b.get(j);
      long s = Math.max(x.startMillis(), y.startMillis());
      long e = Math.min(x.endMillis(), y.endMillis());
      if (s < e) {
        out.add(new TimeRange(s, e));
      }
      if (x.endMillis() < y.endMillis()) {
        i++;
      } else {
        j++;
      }
    }
    return out;
  }

  /** {@code a} without {@code b}. */
  static List<TimeRange> subtract(List<TimeRange> a, List<TimeRange> b) {
    List<TimeRange> out = new ArrayList<>();
    int j = 0;
    for (TimeRange x : a) {
      long cursor = x.startMillis();
      while (j < b.size() && b.get(j).endMillis() <= cursor) {
        j++;
      }
      int k = j;
      while (k < b.size() && b.get(k).startMillis() < x.endMillis()) {
        TimeRange y = b.get(k);
        if (y.startMillis() > cursor) {
          out.add(new TimeRange(cursor, y.startMillis()));
        }
        cursor = Math.max(cursor, y.endMillis());
        k++;
      }
      if (cursor < x.endMillis()) {
        out.add(new TimeRange(cursor, x.endMillis()));
      }
    }
    return out;
  }

  static long total(List<TimeRange> ranges) {
    long t = 0;
    for (TimeRange r : ranges) {
      t += r.durationMillis();
    }
    return t;
  }

  /** Milliseconds of normalized {@code ranges} within {@code [from, to)}. */
  static long overlap(List<TimeRange> normal, long from, long to) {
    long t = 0;
    for (TimeRange r : normal) {
      if (r.startMillis() >= to) {
        break;
      }
      long s = Math.max(r.startMillis(), from);
      long e = Math.min(r.endMillis(), to);
      if (s < e) {
        t += e - s;
      }
    }
    return t;
  }

  static boolean contains(List<TimeRange> normal, long millis) {
    int lo = 0;
    int hi = normal.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      TimeRange r = normal.get(mid);
      if (millis < r.startMillis()) {
        hi = mid - 1;
      } else if (millis >= r.endMillis()) {
        lo = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }
}
