package dev.uptally.collector.limits;

import dev.uptally.config.collector.RateLimits;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Heartbeat requests per authenticated device: a token bucket each (Bucket4j, lock-free) of {@code deviceBurst}
 * requests refilled at {@code deviceRequestsPerMinute}. A healthy agent (two requests a minute) and a spool replay
 * (a burst of batches) pass; an agent stuck in a send loop gets 429 and only slows itself down. Buckets that have
 * refilled completely are dropped (a new one starts full, so nothing changes), which keeps only recently busy devices
 * in memory: every ten seconds a sweep walks the table, {@value #SWEEP_STEP} buckets per request, so no request (and
 * no connection of its event loop) waits for a walk over the whole table. Thread-safe.
 */
public final class DeviceRateLimiter {

  /** Smaller tables are kept as they are. */
  static final int SWEEP_ABOVE = 1024;
  static final long SWEEP_PERIOD_MILLIS = 10_000;
  /** Buckets one request looks at while a sweep is under way: tens of microseconds. */
  static final int SWEEP_STEP = 256;

  private final RateLimits limits;
  private final SteadyTime time;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  /** Held by the one thread advancing the sweep; taken only while a sweep is due or under way. */
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private volatile long nextSweepMillis;
  /** The sweep under way, else null; guarded by {@link #sweeping}. */
  private Iterator<Map.Entry<String, Bucket>> sweep;
  private final Counter limited;

  public DeviceRateLimiter(RateLimits limits, Clock clock, MeterRegistry registry) {
    this.limits = limits;
    this.time = new SteadyTime(clock);
    this.nextSweepMillis = time.millis() + SWEEP_PERIOD_MILLIS;
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
    if (time.millis() >= nextSweepMillis) {
      sweepSome();
    }
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

  /**
   * Looks at the next {@value #SWEEP_STEP} buckets of the sweep under way, starting one when it is due and the table
   * holds more than {@value #SWEEP_ABOVE}; a thread that finds another sweeping goes on without waiting. The next
   * sweep is due {@value #SWEEP_PERIOD_MILLIS} ms after this one ends. Requests create buckets one at a time, so a
   * sweep walks the table faster than requests grow it.
   */
  private void sweepSome() {
    if (!sweeping.compareAndSet(false, true)) {
      return;
    }
    try {
      if (sweep == null) {
        if (buckets.size() <= SWEEP_ABOVE) {
          nextSweepMillis = time.millis() + SWEEP_PERIOD_MILLIS;
          return;
        }
        sweep = buckets.entrySet().iterator();
      }
      long full = limits.deviceBurst();
      for (int n = 0; n < SWEEP_STEP && sweep.hasNext(); n++) {
        Map.Entry<String, Bucket> e = sweep.next();
        if (e.getValue().getAvailableTokens() >= full) {
          buckets.remove(e.getKey(), e.getValue());
        }
      }
      if (!sweep.hasNext()) {
        sweep = null;
        nextSweepMillis = time.millis() + SWEEP_PERIOD_MILLIS;
      }
    } finally {
      sweeping.set(false);
    }
  }

  private Bucket newBucket() {
    return TokenBuckets.perMinute(limits.deviceBurst(), limits.deviceRequestsPerMinute(), time);
  }
}
