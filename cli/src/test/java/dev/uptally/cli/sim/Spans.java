package dev.uptally.cli.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Sets of half-open spans {@code [start, end)} of epoch millis for {@link ContractTruth}: union, meet, difference. */
final class Spans {

  record Span(long start, long end) {
    Span {
      if (end < start) {
        throw new IllegalArgumentException("span ends before it starts: " + start + " > " + end);
      }
    }

    long duration() {
      return end - start;
    }

    boolean contains(long t) {
      return t >= start && t < end;
    }
  }

  private Spans() {}

  /** Sorted, disjoint, non-empty spans covering the same time as {@code spans}. */
  static List<Span> union(List<Span> spans) {
    List<Span> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingLong(Span::start));
    List<Span> out = new ArrayList<>();
    for (Span s : sorted) {
      if (s.duration() == 0) {
        continue;
      }
      Span last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && s.start() <= last.end()) {
        out.set(out.size() - 1, new Span(last.start(), Math.max(last.end(), s.end())));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  static long length(List<Span> spans) {
    return union(spans).stream().mapToLong(Span::duration).sum();
  }

  static List<Span> intersect(List<Span> a, List<Span> b) {
    List<Span> out = new ArrayList<>();
    for (Span x : union(a)) {
      for (Span y : union(b)) {
        long s = Math.max(x.start(), y.start());
        long e = Math.min(x.end(), y.end());
        if (e > s) {
          out.add(new Span(s, e));
        }
      }
    }
    return union(out);
  }

  /** {@code a} without {@code b}. */
  static List<Span> subtract(List<Span> a, List<Span> b) {
    List<Span> out = new ArrayList<>();
    List<Span> cut = union(b);
    for (Span x : union(a)) {
      long from = x.start();
      for (Span y : cut) {
        if (y.end() <= from || y.start() >= x.end()) {
          continue;
        }
        if (y.start() > from) {
          out.add(new Span(from, y.start()));
        }
        from = Math.max(from, y.end());
      }
      if (from < x.end()) {
        out.add(new Span(from, x.end()));
      }
    }
    return out;
  }
}
