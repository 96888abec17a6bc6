package dev.uptally.cli.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a virtual agent retries a request the collector could not take (connection failure,
 * {@code 429}, {@code 503}): exponential backoff from {@code base} up to {@code cap}, with full jitter, and never
 * sooner than a {@code Retry-After} the collector asked for.
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration cap) {

  public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofMillis(200), Duration.ofSeconds(10));

  public RetryPolicy {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(cap, "cap");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (base.isNegative() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff base " + base + " must be >= 0 and <= cap " + cap);
    }
  }

  /** Upper bound of the wait before attempt {@code attempt + 1} (attempt counted from 1). */
  Duration ceiling(int attempt) {
    long factor = 1L << Math.min(20, attempt - 1);
    long millis = base.toMillis() * factor;
    return millis > cap.toMillis() || millis < 0 ? cap : Duration.ofMillis(millis);
  }
}
