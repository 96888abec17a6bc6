package dev.uptally.agent.heartbeat;

import dev.uptally.agent.events.SleepGap;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The sleep the OS announced and the agent recorded as a {@code suspend} sample, until the wake-up is
 * reported: by the notifier ({@link HeartbeatLoop#woke()}) or by the clock gap, whichever comes first. The
 * other then finds nothing to report, so one sleep gives one {@code resume}.
 *
 * <p>While the OS is going to sleep (at most {@link #QUIET} of monotonic time after the announcement, which on
 * Linux and macOS does not count the sleep itself) plain heartbeats are held back: one recorded between the
 * {@code suspend} and the sleep would tell the collector the device is up again.
 *
 * <p>Thread-safe: the announcement may come while a heartbeat step holds the loop.
 */
final class AnnouncedSleep {

  /** Heartbeats wait this long after an announcement; logind's longest delay is 5 s by default. */
  static final Duration QUIET = Duration.ofSeconds(10);
  /**
   * How far the announcement may lie from the start of a clock gap and still be the same sleep: the gap's
   * start is the last observation before it (the loop observes every few seconds) or the suspend-aware
   * clock's estimate; an announcement further off was not followed by this sleep (its wake-up got lost).
   */
  static final Duration SAME_SLEEP = Duration.ofSeconds(60);
  private static final long NONE = Long.MIN_VALUE;

  private long suspendedAtMillis = NONE;
  private long quietUntilNanos;

  synchronized void suspended(long suspendTimeMillis, long nowNanos) {
    suspendedAtMillis = suspendTimeMillis;
    quietUntilNanos = nowNanos + QUIET.toNanos();
  }

  /** True while heartbeats should wait for the announced sleep to begin. */
  synchronized boolean quiet(long nowNanos) {
    return suspendedAtMillis != NONE && quietUntilNanos - nowNanos > 0;
  }

  /** The announced suspend time, forgotten now: the notifier reports the wake-up. */
  synchronized OptionalLong take() {
    long at = suspendedAtMillis;
    suspendedAtMillis = NONE;
    return at == NONE ? OptionalLong.empty() : OptionalLong.of(at);
  }

  /**
   * The clock gap saw the sleep first: the sleep starts at the announcement when it is this sleep
   * (the {@code suspend} sample's time is what the collector already shows as asleep), else as the gap says.
   */
  synchronized SleepGap takeFor(SleepGap gap) {
    long at = suspendedAtMillis;
    suspendedAtMillis = NONE;
    if (at == NONE || at >= gap.sleptUntilMillis() || Math.abs(gap.sleptFromMillis() - at) > SAME_SLEEP.toMillis()) {
      return gap;
    }
    return new SleepGap(at, gap.sleptUntilMillis());
  }
}
