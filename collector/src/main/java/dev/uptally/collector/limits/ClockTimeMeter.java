package dev.uptally.collector.limits;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;

/** Bucket4j reads time from the collector's clock, so that tests drive refills with an injected one. */
record ClockTimeMeter(Clock clock) implements TimeMeter {

  @Override
  public long currentTimeNanos() {
    return clock.millis() * 1_000_000L;
  }

  @Override
  public boolean isWallClockBased() {
    return true;
  }
}
