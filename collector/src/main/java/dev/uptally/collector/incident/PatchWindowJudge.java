package dev.uptally.collector.incident;

import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.fleet.TimelineState;
import dev.uptally.common.time.TimeRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges one patch-window occurrence from a device's non-up intervals (stored ones plus the open tail): up time is
 * the window minus the union of the intervals; the dominant cause is the one covering the most time, ties going to
 * the earlier of shutdown, asleep, silent, crash, unknown. Stateless.
 */
final class PatchWindowJudge {

  /** Causes in tie-break order. */
  static final List<String> CAUSES = List.of("shutdown", "asleep", "silent", "crash", "unknown");

  private PatchWindowJudge() {}

  static PatchWindowVerdict judge(TimeRange window, List<TimelineInterval> intervals, long minOnlineMillis) {
    Map<String, List<TimeRange>> byCause = new LinkedHashMap<>();
    CAUSES.forEach(c -> byCause.put(c, new ArrayList<>()));
    List<TimeRange> all = new ArrayList<>();
    for (TimelineInterval i : intervals) {
      TimeRange r = new TimeRange(i.startMillis(), i.endMillis()).clip(window.startMillis(), window.endMillis());
      if (r == null || i.state() == TimelineState.UP) {
        continue;
      }
      byCause.get(cause(i)).add(r);
      all.add(r);
    }
    long notUp = unionMillis(all);
    String dominant = null;
    long longest = 0;
    for (Map.Entry<String, List<TimeRange>> e : byCause.entrySet()) {
      long d = unionMillis(e.getValue());
      if (d > longest) {
        longest = d;
        dominant = e.getKey();
      }
    }
    return new PatchWindowVerdict(window.startMillis(), window.endMillis(), window.durationMillis() - notUp,
        minOnlineMillis, dominant);
  }

  private static String cause(TimelineInterval i) {
    return switch (i.state()) {
      case DOWN -> i.cause().wireName();
      case ASLEEP -> "asleep";
      case UNKNOWN -> "unknown";
      case UP -> throw new IllegalArgumentException("up is not a cause: " + i);
    };
  }

  private static long unionMillis(List<TimeRange> ranges) {
    List<TimeRange> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingLong(TimeRange::startMillis));
    long total = 0;
    long end = Long.MIN_VALUE;
    for (TimeRange r : sorted) {
      long s = Math.max(r.startMillis(), end);
      if (r.endMillis() > s) {
        total += r.endMillis() - s;
      }
      end = Math.max(end, r.endMillis());
    }
    return total;
  }
}
