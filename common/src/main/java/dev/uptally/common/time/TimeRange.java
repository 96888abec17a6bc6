package dev.uptally.common.time;

/**
 * A half-open interval {@code [startMillis, endMillis)} of epoch milliseconds (UTC).
 * Empty when {@code startMillis == endMillis}.
 */
public record TimeRange(long startMillis, long endMillis) {

  public TimeRange {
    if (endMillis < startMillis) {
      throw new IllegalArgumentException("range ends before it starts: [" + startMillis + ", " + endMillis + ")");
    }
  }

  public long durationMillis() {
    return endMillis - startMillis;
  }

  public boolean contains(long millis) {
    return millis >= startMillis && millis < endMillis;
  }

  public boolean overlaps(TimeRange other) {
    return startMillis < other.endMillis && other.startMillis < endMillis;
  }

  /** Length of the overlap with {@code [from, to)}, 0 when disjoint. */
  public long overlapMillis(long from, long to) {
    return Math.max(0, Math.min(endMillis, to) - Math.max(startMillis, from));
  }

  /** This range clipped to {@code [from, to)}, or null when they do not overlap. */
  public TimeRange clip(long from, long to) {
    long s = Math.max(startMillis, from);
    long e = Math.min(endMillis, to);
    return s < e ? new TimeRange(s, e) : null;
  }
}
