package dev.uptally.collector.sla;

import dev.uptally.collector.fleet.TimelineInterval;
import java.math.BigDecimal;
import java.util.List;

/**
 * SLA figures of one device over a window, in milliseconds (the API rounds to seconds). See the design's
 * "SLA definitions": availability on the contract calendar, reliability on physical time.
 *
 * @param availability null when nothing was measured
 * @param targetPercent null when the contract sets none
 * @param failures unplanned crashes and open silent outages starting in the window
 * @param uptimeMillis physical up time in the window
 * @param failureDowntimeMillis physical time in the window inside failures
 * @param outages down intervals overlapping the window, clipped to it
 */
public record DeviceSla(
    long fromMillis,
    long toMillis,
    Double availability,
    Double targetPercent,
    long measuredMillis,
    long downMillis,
    long failures,
    long uptimeMillis,
    long failureDowntimeMillis,
    List<Outage> outages) {

  public DeviceSla {
    outages = List.copyOf(outages);
  }

  /** Whether the availability falls short of the target: false when either is undefined. */
  public boolean belowTarget() {
    return targetPercent != null && measuredMillis > 0 && below(measuredMillis, downMillis, targetPercent);
  }

  /**
   * Whether {@code (measured − down) / measured} is below {@code thresholdPercent} %, compared exactly in decimal (so
   * that 99.9 % is never "below 99.9 %" by a binary rounding).
   */
  public static boolean below(long measuredMillis, long downMillis, double thresholdPercent) {
    BigDecimal up = BigDecimal.valueOf(measuredMillis - downMillis).multiply(BigDecimal.valueOf(100));
    return up.compareTo(BigDecimal.valueOf(thresholdPercent).multiply(BigDecimal.valueOf(measuredMillis))) < 0;
  }

  /** @param counted counts as downtime under the contract; @param failure counts as a failure */
  public record Outage(TimelineInterval interval, boolean planned, boolean counted, boolean failure) {}
}
