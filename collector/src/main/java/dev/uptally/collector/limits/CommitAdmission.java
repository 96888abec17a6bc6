package dev.uptally.collector.limits;

import dev.uptally.config.collector.Admission;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.function.IntSupplier;

/**
 * Admission of heartbeat batches by watermarks on the pending work: batches admitted and not yet answered (they sit in
 * a shard's queue, behind their device's update in flight, or in the group committer's queue). The commit queue alone
 * would under-count: it holds at most one update per device, and a device's later batches wait on its shard.
 *
 * <p>At {@code highWatermark} pending batches, replay batches are refused until the count falls to
 * {@code lowWatermark} (hysteresis: the gap keeps admission from flapping on every ack). Live batches are admitted
 * regardless, so a device that already drained its spool keeps reporting and does not look down; they are bounded by
 * the committer's own queue ({@link Admission#MAX_HIGH_WATERMARK}). A refusal happens before anything is applied: a
 * refused batch stores nothing, an admitted one is answered after its commit, as any other.
 *
 * <p>The Retry-After grows with how full the queue is ({@code retryAfterSeconds · pending / highWatermark}) and adds up
 * to {@code retryJitterSeconds} at random, so ten thousand refused agents come back spread over that window instead of
 * together; it never exceeds {@code maxRetryAfterSeconds} (the caller passes a fraction of grace, so a device waiting
 * out a Retry-After is never late enough to look silent).
 *
 * <p>Thread-safe; {@link #tryAdmit} and {@link #done} are a few atomic operations.
 *
 * <p>Meters: {@code uptally.ingest.pending.batches} (gauge), {@code uptally.ingest.pending.batches.max} (gauge, the
 * highest since start), {@code uptally.ingest.admission.refused} (counter of replay batches answered 503),
 * {@code uptally.ingest.admission.refusing} (gauge, 1 between the high and the low watermark).
 */
public final class CommitAdmission {

  /** What {@link #tryAdmit} answers for an admitted batch. */
  public static final int ADMITTED = 0;

  private final Admission settings;
  private final int maxRetryAfterSeconds;
  private final IntSupplier random;
  private final AtomicInteger pending = new AtomicInteger();
  private final LongAccumulator maxPending = new LongAccumulator(Math::max, 0);
  private final Counter refused;
  private volatile boolean refusing;

  /**
   * @param maxRetryAfterSeconds the longest Retry-After answered
   * @param jitter returns a uniformly random int in {@code [0, bound)} for a bound it is given (injected for tests)
   */
  public CommitAdmission(Admission settings, int maxRetryAfterSeconds, Jitter jitter, MeterRegistry registry) {
    this.settings = settings;
    this.maxRetryAfterSeconds = Math.max(1, maxRetryAfterSeconds);
    this.random = () -> settings.retryJitterSeconds() == 0 ? 0 : jitter.next(settings.retryJitterSeconds() + 1);
    this.refused = Counter.builder("uptally.ingest.admission.refused")
        .description("Replay heartbeat batches answered 503 with Retry-After above the pending high watermark")
        .register(registry);
    Gauge.builder("uptally.ingest.pending.batches", pending, AtomicInteger::get)
        .description("Heartbeat batches admitted and not yet answered (waiting on a shard or for their commit)")
        .register(registry);
    Gauge.builder("uptally.ingest.pending.batches.max", maxPending, LongAccumulator::get)
        .description("The most heartbeat batches pending at once since the collector started")
        .register(registry);
    Gauge.builder("uptally.ingest.admission.refusing", this, a -> a.refusing ? 1 : 0)
        .description("1 while replay batches are refused (between the high and the low watermark)")
        .register(registry);
  }

  /** Random source for the jitter: a uniformly random int in {@code [0, bound)}. */
  @FunctionalInterface
  public interface Jitter {
    int next(int bound);

    Jitter THREAD_LOCAL = bound -> java.util.concurrent.ThreadLocalRandom.current().nextInt(bound);
  }

  /**
   * Admits a batch, or says how long to wait.
   *
   * @param live every sample of the batch is fresh (none older than grace): never refused here
   * @return {@link #ADMITTED}, after which the caller must call {@link #done()} exactly once when the batch is
   *     answered; otherwise the Retry-After in seconds (at least 1), and nothing was admitted
   */
  public int tryAdmit(boolean live) {
    if (!settings.enabled()) {
      return ADMITTED;
    }
    if (!live && refusingAt(pending.get())) {
      refused.increment();
      return retryAfterSeconds(pending.get());
    }
    int now = pending.incrementAndGet();
    maxPending.accumulate(now);
    if (now >= settings.highWatermark()) {
      refusing = true;
    }
    return ADMITTED;
  }

  /** An admitted batch was answered (acknowledged or failed). */
  public void done() {
    if (!settings.enabled()) {
      return;
    }
    int now = pending.decrementAndGet();
    if (refusing && now <= settings.lowWatermark()) {
      refusing = false;
    }
  }

  private boolean refusingAt(int now) {
    if (now >= settings.highWatermark()) {
      refusing = true;
    } else if (now <= settings.lowWatermark()) {
      refusing = false;
    }
    return refusing;
  }

  /** {@code retryAfterSeconds} scaled by how full the queue is, plus jitter, at most the maximum. */
  int retryAfterSeconds(int pendingNow) {
    double fullness = Math.max(1.0, (double) pendingNow / settings.highWatermark());
    long base = (long) Math.ceil(settings.retryAfterSeconds() * fullness);
    return (int) Math.max(1, Math.min(maxRetryAfterSeconds, base + random.getAsInt()));
  }

  /** Batches admitted and not yet answered. */
  public int pending() {
    return pending.get();
  }

  /** The most batches pending at once since start. */
  public long maxPending() {
    return maxPending.get();
  }

  /** Whether replay batches are refused now. */
  public boolean refusing() {
    return refusing;
  }

  /** Replay batches refused since start. */
  public long refusedCount() {
    return (long) refused.count();
  }
}
