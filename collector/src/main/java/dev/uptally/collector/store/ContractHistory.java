package dev.uptally.collector.store;

import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.TimelineInterval;
import java.util.List;

/**
 * A device's durable progress and its stored intervals in a range, read in one transaction so that the two agree
 * (a batch in flight is in neither).
 *
 * @param intervals overlapping the range, in start order, not clipped
 */
public record ContractHistory(DeviceProgress progress, List<TimelineInterval> intervals) {

  public ContractHistory {
    intervals = List.copyOf(intervals);
  }
}
