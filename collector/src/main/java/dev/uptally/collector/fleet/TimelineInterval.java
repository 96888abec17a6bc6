package dev.uptally.collector.fleet;

import dev.uptally.common.device.OutageCause;

/**
 * A closed, non-up interval of a device timeline, {@code [startMillis, endMillis)} epoch millis.
 * Up time is everything between the timeline's start and its last sample that no interval covers,
 * so only these are stored.
 *
 * @param cause set for {@link TimelineState#DOWN} only
 */
public record TimelineInterval(long startMillis, long endMillis, TimelineState state, OutageCause cause) {

  public TimelineInterval {
    if (endMillis < startMillis) {
      throw new IllegalArgumentException("interval ends before it starts: " + startMillis + " > " + endMillis);
    }
    if ((state == TimelineState.DOWN) != (cause != null)) {
      throw new IllegalArgumentException("a cause goes with down and only with down: " + state + "/" + cause);
    }
  }

  public long durationMillis() {
    return endMillis - startMillis;
  }
}
