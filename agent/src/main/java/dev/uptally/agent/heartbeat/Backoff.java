package dev.uptally.agent.heartbeat;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: after the n-th consecutive failure wait a uniformly random
 * time in {@code [min, min(cap, base · 2^(n-1))]}. Full jitter spreads a fleet's retries after a
 * collector outage instead of having every agent knock at the same instants. {@code min} keeps a
 * draw near zero from turning into a tight retry loop. Not thread-safe.
 */
public final class Backoff {

  private final Duration base;
  private final Duration cap;
  private final Duration min;
  private final RandomGenerator random;
  private int failures;

  public Backoff(Duration base, Duration cap, Duration min, RandomGenerator random) {
    if (base.compareTo(min) < 0 || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff needs min <= base <= cap, got min=" + min + " base=" + base + " cap=" + cap);
    }
    this.base = base;
    this.cap = cap;
    this.min = min;
    this.random = random;
  }

  /** Defaults: 2 s base, 5 min cap, 1 s floor. */
  public static Backoff standard(RandomGenerator random) {
    return new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(1), random);
  }

  /** Records a failure and returns how long to wait before the next attempt. */
  public Duration next() {
    failures++;
    long ceiling = ceilingMillis(failures);
    long lo = min.toMillis();
    return Duration.ofMillis(lo + (ceiling > lo ? random.nextLong(ceiling - lo + 1) : 0));
  }

  /** The upper bound of the wait after {@code failures} consecutive failures. */
  public long ceilingMillis(int failures) {
    int shift = Math.min(failures - 1, 30);
    long grown = base.toMillis() << shift;
    return Math.min(cap.toMillis(), grown < 0 ? Long.MAX_VALUE : grown);
  }

  /** The shortest wait between two attempts, whatever the collector says (a {@code Retry-After: 0} included). */
  public Duration floor() {
    return min;
  }

  public void reset() {
    failures = 0;
  }

  public int failures() {
    return failures;
  }
}
