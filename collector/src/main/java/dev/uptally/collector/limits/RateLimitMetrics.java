package dev.uptally.collector.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code uptally_rate_limited_requests_total{limit}}: requests answered 429, by the limit that refused them. */
final class RateLimitMetrics {

  private RateLimitMetrics() {}

  static Counter counter(MeterRegistry registry, String limit) {
    return Counter.builder("uptally.rate.limited.requests")
        .description("Requests answered 429 Too Many Requests, by limit (device, auth_failures)")
        .tag("limit", limit)
        .register(registry);
  }

  /** A wait in whole seconds for Retry-After, at least 1. */
  static long ceilSeconds(long nanos) {
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }
}
