package dev.uptally.collector.limits;

import dev.uptally.config.collector.RateLimits;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heartbeat requests per authenticated device: a token bucket each (Bucket4j, lock-free) of {@code deviceBurst}
 * requests refilled at {@code deviceRequestsPerMinute}. A healthy agent (two requests a minute) and a spool replay
 * (a burst of batches) pass; an agent stuck in a send loop gets 429 and only slows itself down. Buckets that have
 * refilled completely are dropped every ten seconds (a new one starts full, so nothing changes), which keeps only
 * recently busy devices in memory. Thread-safe.
 */
public final class DeviceRateLimiter {

  /** Smaller tables are kept as they are. */
  static final int SWEEP_ABOVE = 1024;
  static final long SWEEP_PERIOD_MILLIS = 10_000;

  private final RateLimits limits;
  private final SteadyTime time;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong nextSweepMillis;
  private final Counter limited;

  public DeviceRateLimiter(RateLimits limits, Clock clock, MeterRegistry registry) {
    this.limits = limits;
    this.time = new SteadyTime(clock);
    this.nextSweepMillis = new AtomicLong(time.millis() + SWEEP_PERIOD_MILLIS);
    this.limited = TokenBuckets.limitedCounter(registry, "device");
  }

  /**
   * Takes one request from the device's allowance.
   *
   * @return 0 when the request may proceed, else the seconds to wait before the next one will be accepted
   */
  public long acquire(String deviceId) {
    if (!limits.limitsDevices()) {
      return 0;
    }
    sweepNow();
    ConsumptionProbe probe = buckets.computeIfAbsent(deviceId, id -> newBucket()).tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return 0;
    }
    limited.increment();
    return TokenBuckets.ceilSeconds(probe.getNanosToWaitForRefill());
  }

  /** Devices whose allowance is partly used (for tests and diagnostics). */
  public int tracked() {
    return buckets.size();
  }

  /** Every {@value #SWEEP_PERIOD_MILLIS} ms of the clock at most, on the one thread that claims it. */
  private void sweepNow() {
    long due = nextSweepMillis.get();
    long now = time.millis();
    if (now < due || buckets.size() <= SWEEP_ABOVE || !nextSweepMillis.compareAndSet(due, now + SWEEP_PERIOD_MILLIS)) {
      return;
    }
    long full = limits.deviceBurst();
    buckets.forEach((id, bucket) -> {
      if (bucket.getAvailableTokens() >= full) {
        buckets.remove(id, bucket);
      }
    });
  }

  private Bucket newBucket() {
    return TokenBuckets.perMinute(limits.deviceBurst(), limits.deviceRequestsPerMinute(), time);
  }
}
