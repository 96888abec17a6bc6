package dev.uptally.collector.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/** What the limiters share: their buckets, their metric and the rounding of a wait into {@code Retry-After}. */
final class TokenBuckets {

  private TokenBuckets() {}

  /** A lock-free bucket of {@code capacity} tokens refilled smoothly at {@code perMinute}, on the given time. */
  static Bucket perMinute(long capacity, long perMinute, TimeMeter time) {
    return Bucket.builder()
        .addLimit(l -> l.capacity(capacity).refillGreedy(perMinute, Duration.ofMinutes(1)))
        .withCustomTimePrecision(time)
        .build();
  }

  /** {@code uptally_rate_limited_requests_total{limit}}: requests answered 429, by the limit that refused them. */
  static Counter limitedCounter(MeterRegistry registry, String limit) {
    return Counter.builder("uptally.rate.limited.requests")
        .description("Requests answered 429 Too Many Requests, by limit (device, auth_failures, enrollment)")
        .tag("limit", limit)
        .register(registry);
  }

  /** A wait in whole seconds for Retry-After, at least 1. */
  static long ceilSeconds(long nanos) {
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }
}
