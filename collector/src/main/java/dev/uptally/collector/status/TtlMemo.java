package dev.uptally.collector.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A value computed at most once per time-to-live, however many ask at once: the first caller after the value expired
 * starts one computation on the executor and every caller until it ends is handed the same future, so nobody waits on
 * a thread. A computation that failed is not kept (the next caller starts another). A value computed at {@code t}
 * is served until {@code t + ttl} by the injected clock, then recomputed on the next call (never in the background,
 * so a page nobody reads costs nothing).
 *
 * <p>Thread-safe. The fast path (a fresh value) takes no lock.
 */
public final class TtlMemo<T> {

  /** A value and when its computation started. */
  public record Computed<T>(T value, Instant computedAt) {}

  private final Supplier<T> compute;
  private final Clock clock;
  private final long ttlMillis;
  private final Executor executor;
  private volatile CompletableFuture<Computed<T>> current;

  public TtlMemo(Supplier<T> compute, Clock clock, Duration ttl, Executor executor) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("time-to-live must be positive, got " + ttl);
    }
    this.compute = Objects.requireNonNull(compute, "compute");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttlMillis = ttl.toMillis();
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /**
   * The value, fresh or being computed.
   *
   * @throws java.util.concurrent.RejectedExecutionException when the executor refuses the computation
   */
  public CompletableFuture<Computed<T>> get() {
    CompletableFuture<Computed<T>> c = current;
    if (usable(c)) {
      return c;
    }
    synchronized (this) {
      c = current;
      if (usable(c)) {
        return c;
      }
      Instant startedAt = clock.instant();
      // on rejection supplyAsync throws before anything is kept: the next caller tries again
      c = CompletableFuture.supplyAsync(() -> new Computed<>(compute.get(), startedAt), executor);
      current = c;
      return c;
    }
  }

  /** In flight (shared), or done with a value younger than the time-to-live. */
  private boolean usable(CompletableFuture<Computed<T>> c) {
    if (c == null) {
      return false;
    }
    if (!c.isDone()) {
      return true;
    }
    return !c.isCompletedExceptionally() && clock.millis() - c.join().computedAt().toEpochMilli() < ttlMillis;
  }
}
