package dev.uptally.agent.events;

import java.time.Duration;
import java.util.Optional;

/**
 * Detects that the machine slept: from a suspend-aware clock running ahead of the monotonic clock where
 * the system has one (Linux {@code CLOCK_BOOTTIME}), else from the wall clock running ahead of it.
 *
 * <p>With a suspend-aware clock, the time it gained on the monotonic clock is exactly the time suspended,
 * and a wall clock stepped meanwhile (NTP after boot, an administrator) changes nothing: the sleep ends
 * at the current wall time and began that long before (the agent observes within seconds of waking).
 *
 * <p>Between two observations both clocks normally advance by the same amount. While the machine is
 * suspended the monotonic clock ({@code CLOCK_MONOTONIC} behind {@link System#nanoTime()} on Linux,
 * {@code mach_absolute_time} on macOS) stands still and the wall clock does not, so on wake-up the
 * wall clock has moved further than the monotonic one. A difference above the threshold is a sleep
 * from the last wall time seen to now. A smaller difference is clock adjustment (NTP slew); a wall
 * clock stepped backwards is never sleep. The threshold should be well above NTP steps and well below
 * the shortest sleep worth reporting (default 20 s). Caveat, without a suspend-aware clock: a manual
 * forward step of the wall clock larger than the threshold looks like sleep; on Windows, where the
 * performance counter keeps running during sleep, nothing is detected here.
 *
 * <p>Observe often (the heartbeat loop does, at least every few seconds): {@code sleptFrom} is only
 * as precise as the spacing of observations. Not thread-safe.
 */
public final class SleepDetector {

  public static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(20);

  private final long thresholdMillis;
  private long lastWallMillis;
  private long lastNanos;
  private long lastSuspendAwareMillis = -1;
  private boolean primed;

  public SleepDetector(Duration threshold) {
    if (threshold.isNegative() || threshold.isZero()) {
      throw new IllegalArgumentException("sleep threshold must be positive, got " + threshold);
    }
    this.thresholdMillis = threshold.toMillis();
  }

  /** Records one reading of both clocks; returns the sleep that ended since the previous reading, if any. */
  public Optional<SleepGap> observe(long wallMillis, long monotonicNanos) {
    return observe(wallMillis, monotonicNanos, -1);
  }

  /**
   * Records one reading of the clocks ({@code suspendAwareMillis} -1 when there is no suspend-aware clock);
   * returns the sleep that ended since the previous reading, if any.
   */
  public Optional<SleepGap> observe(long wallMillis, long monotonicNanos, long suspendAwareMillis) {
    if (!primed) {
      primed = true;
      remember(wallMillis, monotonicNanos, suspendAwareMillis);
      return Optional.empty();
    }
    long wallDelta = wallMillis - lastWallMillis;
    long monoDeltaMillis = (monotonicNanos - lastNanos) / 1_000_000L;
    long previousWall = lastWallMillis;
    long previousSuspendAware = lastSuspendAwareMillis;
    remember(wallMillis, monotonicNanos, suspendAwareMillis);
    if (suspendAwareMillis >= 0 && previousSuspendAware >= 0) {
      long suspended = suspendAwareMillis - previousSuspendAware - monoDeltaMillis;
      return suspended > thresholdMillis ? Optional.of(new SleepGap(wallMillis - suspended, wallMillis))
          : Optional.empty();
    }
    if (wallDelta - monoDeltaMillis > thresholdMillis) {
      return Optional.of(new SleepGap(previousWall, wallMillis));
    }
    return Optional.empty();
  }

  private void remember(long wallMillis, long monotonicNanos, long suspendAwareMillis) {
    lastWallMillis = wallMillis;
    lastNanos = monotonicNanos;
    lastSuspendAwareMillis = suspendAwareMillis;
  }
}
