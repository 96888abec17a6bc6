package dev.uptally.collector.sla;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceTimeline;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.fleet.TimelineState;
import dev.uptally.common.device.OutageCause;
import dev.uptally.common.time.TimeRange;
import java.util.ArrayList;
import java.util.List;

/**
 * The design's SLA definitions, applied to one device's timeline over a window {@code W = [from, to)}. Time before
 * the timeline starts and after {@code now} is not part of the window. Stateless and thread-safe.
 *
 * <ul>
 *   <li>{@code measured = |W ∩ calendar| − maintenance − unknown};
 *       {@code down = |counted, unplanned down ∩ W ∩ calendar − maintenance|};
 *       {@code availability = (measured − down) / measured}.</li>
 *   <li>A down interval that starts inside a maintenance window is planned: neither downtime nor a failure.</li>
 *   <li>Reliability on physical time: failures are unplanned crashes and open silent outages starting in W;
 *       {@code U} is up time in W, {@code R} failure downtime in W.</li>
 * </ul>
 */
public final class SlaCalculator {

  private final ContractBook book;
  private final DeviceTimeline timeline;

  public SlaCalculator(ContractBook book, DeviceTimeline timeline) {
    this.book = book;
    this.timeline = timeline;
  }

  /**
   * @param stored the device's stored intervals overlapping the window (any order)
   */
  public DeviceSla compute(DeviceIdentity device, DeviceProgress progress, List<TimelineInterval> stored,
      long fromMillis, long toMillis, long nowMillis) {
    return computeRanges(device, progress, stored, fromMillis, toMillis, nowMillis).sla();
  }

  /**
   * The SLA over {@code [from, to)} as {@link #compute}, and the measured and down milliseconds of each of {@code
   * parts} (sub-ranges of the window, e.g. its days) from the same one pass: for each part they equal what {@code
   * compute} over that part alone gives, without reading the timeline or expanding the schedules again per part.
   *
   * @param stored the device's stored intervals overlapping the window (any order)
   */
  public Breakdown breakdown(DeviceIdentity device, DeviceProgress progress, List<TimelineInterval> stored,
      long fromMillis, long toMillis, long nowMillis, List<TimeRange> parts) {
    Computed c = computeRanges(device, progress, stored, fromMillis, toMillis, nowMillis);
    long[] measured = new long[parts.size()];
    long[] down = new long[parts.size()];
    for (int p = 0; p < parts.size(); p++) {
      TimeRange part = parts.get(p);
      measured[p] = Ranges.overlap(c.measured(), part.startMillis(), part.endMillis());
      down[p] = Ranges.overlap(c.down(), part.startMillis(), part.endMillis());
    }
    return new Breakdown(c.sla(), measured, down);
  }

  /**
   * A window's SLA and, per part of it, the measured and counted down milliseconds ({@code availability = (measured −
   * down) / measured} for a part, null where measured is 0).
   */
  public record Breakdown(DeviceSla sla, long[] measuredMillis, long[] downMillis) {}

  /** The SLA and the normalized ranges its measured and down totals are sums of (empty before the timeline). */
  private record Computed(DeviceSla sla, List<TimeRange> measured, List<TimeRange> down) {}

  private Computed computeRanges(DeviceIdentity device, DeviceProgress progress, List<TimelineInterval> stored,
      long fromMillis, long toMillis, long nowMillis) {
    ContractBook.Terms terms = book.terms(device);
    long start = Math.max(fromMillis, progress.startMillis());
    long end = Math.min(Math.min(toMillis, nowMillis), progress.serviceEndMillis()); // a retired device's ends
    if (!progress.hasSamples() || start >= end) {
      return new Computed(new DeviceSla(fromMillis, toMillis, null, terms.targetPercent(), 0, 0, 0, 0, 0, List.of()),
          List.of(), List.of());
    }
    List<TimelineInterval> intervals = intervals(progress, stored, start, end, nowMillis);
    long earliest = intervals.isEmpty() ? start : Math.min(start, intervals.get(0).startMillis());
    List<TimeRange> maintenance = book.maintenance(device, earliest, end);

    List<TimeRange> coverage = List.of(new TimeRange(start, end));
    List<TimeRange> unknown = new ArrayList<>();
    List<TimeRange> notUp = new ArrayList<>();
    List<TimeRange> countedDown = new ArrayList<>();
    List<TimeRange> failureTime = new ArrayList<>();
    List<DeviceSla.Outage> outages = new ArrayList<>();
    long failures = 0;
    for (TimelineInterval i : intervals) {
      TimeRange r = new TimeRange(i.startMillis(), i.endMillis()).clip(start, end);
      if (r == null) {
        continue;
      }
      notUp.add(r);
      if (i.state() == TimelineState.UNKNOWN) {
        unknown.add(r);
      }
      if (i.state() != TimelineState.DOWN) {
        continue;
      }
      boolean planned = Ranges.contains(maintenance, i.startMillis());
      boolean counted = !planned && terms.counts().contains(i.cause());
      boolean failure = !planned && (i.cause() == OutageCause.CRASH || i.cause() == OutageCause.SILENT);
      if (counted) {
        countedDown.add(r);
      }
      if (failure) {
        failureTime.add(r);
        if (i.startMillis() >= fromMillis && i.startMillis() < toMillis) {
          failures++;
        }
      }
      outages.add(new DeviceSla.Outage(new TimelineInterval(r.startMillis(), r.endMillis(), i.state(), i.cause()),
          planned, counted, failure));
    }
    List<TimeRange> calendar = Ranges.normal(terms.calendar().open(start, end, book.clientZone(device.clientId())));
    List<TimeRange> measuredRanges = Ranges.subtract(Ranges.subtract(calendar, Ranges.intersect(maintenance, coverage)),
        Ranges.normal(unknown));
    long measured = Ranges.total(measuredRanges);
    List<TimeRange> downRanges = Ranges.intersect(Ranges.normal(countedDown), measuredRanges);
    long down = Ranges.total(downRanges);
    Double availability = measured == 0 ? null : (double) (measured - down) / measured;
    long up = Ranges.total(Ranges.subtract(coverage, Ranges.normal(notUp)));
    long failureDowntime = Ranges.total(Ranges.normal(failureTime));
    return new Computed(new DeviceSla(fromMillis, toMillis, availability, terms.targetPercent(), measured, down,
        failures, up, failureDowntime, outages), measuredRanges, downRanges);
  }

  /** Stored intervals plus the open tail at {@code now}, in start order. */
  public List<TimelineInterval> intervals(DeviceProgress progress, List<TimelineInterval> stored, long start, long end,
      long nowMillis) {
    List<TimelineInterval> all = new ArrayList<>(stored.size() + 1);
    for (TimelineInterval i : stored) {
      if (i.endMillis() > start && i.startMillis() < end) {
        all.add(i);
      }
    }
    TimelineInterval tail = timeline.openTail(progress, nowMillis);
    if (tail != null && tail.endMillis() > start && tail.startMillis() < end) {
      all.add(tail);
    }
    all.sort((a, b) -> Long.compare(a.startMillis(), b.startMillis()));
    return all;
  }

  /** The device's timeline over {@code [from, to)}: up gaps filled in, clipped, with the planned flag on outages. */
  public List<Entry> timeline(DeviceIdentity device, DeviceProgress progress, List<TimelineInterval> stored,
      long fromMillis, long toMillis, long nowMillis) {
    long start = Math.max(fromMillis, progress.startMillis());
    long end = Math.min(Math.min(toMillis, nowMillis), progress.serviceEndMillis()); // a retired device's ends
    if (!progress.hasSamples() || start >= end) {
      return List.of();
    }
    List<TimelineInterval> intervals = intervals(progress, stored, start, end, nowMillis);
    long earliest = intervals.isEmpty() ? start : Math.min(start, intervals.get(0).startMillis());
    List<TimeRange> maintenance = book.maintenance(device, earliest, end);
    List<Entry> out = new ArrayList<>();
    long cursor = start;
    for (TimelineInterval i : intervals) {
      long s = Math.max(i.startMillis(), start);
      long e = Math.min(i.endMillis(), end);
      if (s > cursor) {
        out.add(new Entry(cursor, s, TimelineState.UP, null, false));
      }
      if (e > s) {
        boolean planned = i.state() == TimelineState.DOWN && Ranges.contains(maintenance, i.startMillis());
        out.add(new Entry(s, e, i.state(), i.cause(), planned));
      }
      cursor = Math.max(cursor, e);
    }
    if (cursor < end) {
      out.add(new Entry(cursor, end, TimelineState.UP, null, false));
    }
    return out;
  }

  /** One timeline entry; {@code cause} only for down. */
  public record Entry(long startMillis, long endMillis, TimelineState state, OutageCause cause, boolean planned) {}
}
