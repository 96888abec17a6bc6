package dev.uptally.collector.limits;

import dev.uptally.config.collector.RateLimits;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enrollments per client (tenant), after its enrollment token was accepted: a token bucket each (Bucket4j, lock-free)
 * of {@code enrollmentBurst} enrollments refilled at {@code enrollmentsPerMinute}. A rollout of a few hundred machines
 * passes untouched (the default burst of 300, then 600 an hour); one leaked enrollment token can no longer create
 * devices by the thousand in seconds. The table holds one bucket per configured client, so it needs no sweeping.
 * Thread-safe.
 */
public final class EnrollmentRateLimiter {

  private final RateLimits limits;
  private final SteadyTime time;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Counter limited;

  public EnrollmentRateLimiter(RateLimits limits, Clock clock, MeterRegistry registry) {
    this.limits = limits;
    this.time = new SteadyTime(clock);
    this.limited = TokenBuckets.limitedCounter(registry, "enrollment");
  }

  /**
   * Takes one enrollment from the client's allowance.
   *
   * @param clientId a configured client's id (the one its enrollment token belongs to)
   * @return 0 when the enrollment may proceed, else the seconds to wait before the next one will be accepted
   */
  public long acquire(String clientId) {
    if (!limits.limitsEnrollments()) {
      return 0;
    }
    ConsumptionProbe probe = buckets.computeIfAbsent(clientId,
        id -> TokenBuckets.perMinute(limits.enrollmentBurst(), limits.enrollmentsPerMinute(), time))
        .tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return 0;
    }
    limited.increment();
    return TokenBuckets.ceilSeconds(probe.getNanosToWaitForRefill());
  }
}
