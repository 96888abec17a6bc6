package dev.uptally.collector.incident;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.sla.ContractBook;
import dev.uptally.common.time.TimeRange;
import dev.uptally.config.collector.Contract;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which occurrences the contract asks a device to be judged on: every patch window of a rule listing its class (in the
 * device's zone, DST-correct) that lies wholly inside its timeline, and every month of the client's zone that its
 * timeline reaches into, when its class has an availability target. Pure schedule arithmetic; thread-safe.
 */
final class Occurrences {

  static final String PATCH_WINDOW = "patch-window-missed";
  static final String MONTH = "availability-below-target";
  static final List<String> TYPES = List.of(PATCH_WINDOW, MONTH);
  /** Longer than any weekly window (at most a day): how far before a range a window ending in it may start. */
  private static final long WINDOW_REACH_MILLIS = 8 * 86_400_000L;
  /** How far ahead {@link #nextEnd} looks for a patch window: weekly schedules repeat within a week. */
  private static final long LOOKAHEAD_MILLIS = 15 * 86_400_000L;

  private final ContractBook contracts;

  Occurrences(ContractBook contracts) {
    this.contracts = contracts;
  }

  /**
   * The device's occurrences ending in {@code (afterMillis, upToMillis]}, in end order.
   *
   * @param timelineStartMillis where the device's timeline begins: a patch window must start at or after it, a month
   *     end after it
   */
  List<Occurrence> between(DeviceIdentity d, long timelineStartMillis, long afterMillis, long upToMillis) {
    List<Occurrence> out = new ArrayList<>();
    if (upToMillis <= afterMillis) {
      return out;
    }
    out.addAll(patchWindows(d, timelineStartMillis, afterMillis, upToMillis));
    out.addAll(months(d, timelineStartMillis, afterMillis, upToMillis));
    out.sort(Comparator.comparingLong(Occurrence::endMillis).thenComparingLong(Occurrence::startMillis));
    return out;
  }

  /** The end of the device's first occurrence ending after {@code afterMillis}; {@link Long#MAX_VALUE} if none. */
  long nextEnd(DeviceIdentity d, long timelineStartMillis, long afterMillis) {
    long next = Long.MAX_VALUE;
    for (Occurrence o : patchWindows(d, timelineStartMillis, afterMillis, afterMillis + LOOKAHEAD_MILLIS)) {
      next = Math.min(next, o.endMillis());
    }
    if (hasTarget(d)) {
      ZoneId zone = contracts.clientZone(d.clientId());
      YearMonth month = YearMonth.from(Instant.ofEpochMilli(afterMillis).atZone(zone));
      next = Math.min(next, monthStart(month.plusMonths(1), zone));
    }
    return next;
  }

  /** The end of the device's latest patch window ending at or before {@code nowMillis}; {@link Long#MIN_VALUE} if none. */
  long latestPatchWindowEnd(DeviceIdentity d, long timelineStartMillis, long nowMillis) {
    long latest = Long.MIN_VALUE;
    for (Occurrence o : patchWindows(d, timelineStartMillis, nowMillis - LOOKAHEAD_MILLIS, nowMillis)) {
      latest = Math.max(latest, o.endMillis());
    }
    return latest;
  }

  private List<Occurrence> patchWindows(DeviceIdentity d, long timelineStart, long after, long upTo) {
    Contract k = contracts.contract(d.clientId());
    if (k == null || k.patchWindows().isEmpty()) {
      return List.of();
    }
    ZoneId zone = contracts.deviceZone(d);
    Map<TimeRange, Long> strictest = new LinkedHashMap<>();
    for (Contract.PatchWindow w : k.patchWindows()) {
      if (!w.classes().contains(d.deviceClass())) {
        continue;
      }
      for (TimeRange occ : w.schedule().occurrences(after - WINDOW_REACH_MILLIS, upTo + 1, zone)) {
        if (occ.endMillis() > after && occ.endMillis() <= upTo && occ.startMillis() >= timelineStart) {
          strictest.merge(occ, w.minOnline().toMillis(), Math::max);
        }
      }
    }
    List<Occurrence> out = new ArrayList<>(strictest.size());
    strictest.forEach((r, min) -> out.add(new Occurrence(PATCH_WINDOW, r.startMillis(), r.endMillis(), min)));
    return out;
  }

  private List<Occurrence> months(DeviceIdentity d, long timelineStart, long after, long upTo) {
    if (!hasTarget(d)) {
      return List.of();
    }
    ZoneId zone = contracts.clientZone(d.clientId());
    List<Occurrence> out = new ArrayList<>(1);
    YearMonth month = YearMonth.from(Instant.ofEpochMilli(after).atZone(zone));
    for (long end = monthStart(month.plusMonths(1), zone); end <= upTo;
        month = month.plusMonths(1), end = monthStart(month.plusMonths(1), zone)) {
      if (end > after && end > timelineStart) {
        out.add(new Occurrence(MONTH, monthStart(month, zone), end, 0));
      }
    }
    return out;
  }

  private boolean hasTarget(DeviceIdentity d) {
    Contract k = contracts.contract(d.clientId());
    return k != null && k.availability().get(d.deviceClass()) != null;
  }

  static long monthStart(YearMonth month, ZoneId zone) {
    return month.atDay(1).atStartOfDay(zone).toInstant().toEpochMilli();
  }
}
