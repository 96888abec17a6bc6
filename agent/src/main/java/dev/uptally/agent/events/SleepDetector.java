package dev.uptally.agent.events;

import java.time.Duration;
import java.util.Optional;

/**
 * Detects that the machine slept from the wall clock running ahead of the monotonic clock.
 *
 * <p>Between two observations both clocks normally advance by the same amount. While the machine is
 * suspended the monotonic clock ({@code CLOCK_MONOTONIC} behind {@link System#nanoTime()} on Linux,
 * {@code mach_absolute_time} on macOS) stands still and the wall clock does not, so on wake-up the
 * wall clock has moved further than the monotonic one. A difference above the threshold is a sleep
 * from the last wall time seen to now. A smaller difference is clock adjustment (NTP slew); a wall
 * clock stepped backwards is never sleep. The threshold should be well above NTP steps and well below
 * the shortest sleep worth reporting (default 20 s). Caveat: a manual forward step of the wall clock
 * larger than the threshold looks like sleep; on Windows, where the performance counter keeps running
 * during sleep, nothing is detected here.
 *
 * <p>Observe often (the heartbeat loop does, at least every few seconds): {@code sleptFrom} is only
 * as precise as the spacing of observations. Not thread-safe.
 */
public final class SleepDetector {

  public static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(20);

  private final long thresholdMillis;
  private long lastWallMillis;
  private long lastNanos;
  private boolean primed;

  public SleepDetector(Duration threshold) {
    if (threshold.isNegative() || threshold.isZero()) {
      throw new IllegalArgumentException("sleep threshold must be positive, got " + threshold);
    }
    this.thresholdMillis = threshold.toMillis();
  }

  /** Records one reading of both clocks; returns the sleep that ended since the previous reading, if any. */
  public Optional<SleepGap> observe(long wallMillis, long monotonicNanos) {
    if (!primed) {
      primed = true;
      remember(wallMillis, monotonicNanos);
      return Optional.empty();
    }
    long wallDelta = wallMillis - lastWallMillis;
    long monoDeltaMillis = (monotonicNanos - lastNanos) / 1_000_000L;
    long previousWall = lastWallMillis;
    remember(wallMillis, monotonicNanos);
    if (wallDelta - monoDeltaMillis > thresholdMillis) {
      return Optional.of(new SleepGap(previousWall, wallMillis));
    }
    return Optional.empty();
  }

  private void remember(long wallMillis, long monotonicNanos) {
    lastWallMillis = wallMillis;
    lastNanos = monotonicNanos;
  }
}
