package dev.uptally.collector.notify;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to retry a failed delivery: exponential ({@code base × 2^(attempts−1)}), capped at {@code cap}, with "equal
 * jitter" — a uniformly random point in the upper half of that delay, so receivers that recover are not hit by every
 * collector at the same instant while the delay still grows. Immutable.
 *
 * @param baseMillis delay after the first failure before jitter, e.g. 10 s
 * @param capMillis largest delay, e.g. 1 h
 */
public record Backoff(long baseMillis, long capMillis) {

  public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(10).toMillis(), Duration.ofHours(1).toMillis());

  public Backoff {
    if (baseMillis <= 0 || capMillis < baseMillis) {
      throw new IllegalArgumentException("backoff needs 0 < base <= cap, got base " + baseMillis + " ms, cap "
          + capMillis + " ms");
    }
  }

  /** The un-jittered delay after {@code attempts} failed attempts (≥ 1), millis. */
  public long ceilingMillis(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    int shift = Math.min(attempts - 1, 40);
    long delay = baseMillis << shift;
    return delay <= 0 || delay > capMillis ? capMillis : delay;
  }

  /** A delay in {@code [ceiling/2, ceiling]} after {@code attempts} failed attempts, millis. */
  public long delayMillis(int attempts, RandomGenerator random) {
    long ceiling = ceilingMillis(attempts);
    long half = ceiling / 2;
    return half + random.nextLong(ceiling - half + 1);
  }
}
