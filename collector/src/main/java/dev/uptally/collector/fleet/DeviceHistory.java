package dev.uptally.collector.fleet;

import java.util.List;

/**
 * A device's durable progress and its stored intervals in a range, read in one transaction so that the two agree
 * (a batch in flight is in neither).
 *
 * @param intervals overlapping the range, in start order, not clipped
 */
public record DeviceHistory(DeviceProgress progress, List<TimelineInterval> intervals) {

  public DeviceHistory {
    intervals = List.copyOf(intervals);
  }
}
