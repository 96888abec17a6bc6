package dev.uptally.collector.limits;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Elapsed time for the limiters, read from the collector's (injectable) clock but never running backwards: when the
 * clock is set back, time stands still at that moment and runs on from there. Buckets measured on the raw wall clock
 * would stop refilling until it caught up again, and a device that had just hit its limit would be refused for as long
 * as the clock jumped. A forward jump only refills buckets early, which is harmless. Lock-free; only a step back of
 * more than {@value #SET_BACK_MILLIS} ms is corrected, so that threads reading the clock in a different order than
 * they publish it do not make time run fast; two threads that see the same real jump may both correct it, which moves
 * time forward by the jump once (harmless). Reading costs no write
 * except when the millisecond changes, so that the event loops do not fight over one cache line.
 */
final class SteadyTime implements TimeMeter {

  /** Smaller steps back are threads racing each other (or NTP slewing): time stands still, nothing accumulates. */
  static final long SET_BACK_MILLIS = 1_000;

  private final Clock clock;
  private final AtomicLong latest = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong correction = new AtomicLong();

  SteadyTime(Clock clock) {
    this.clock = clock;
  }

  long millis() {
    long now = clock.millis() + correction.get();
    long before = latest.get();
    if (now < before) {
      if (before - now > SET_BACK_MILLIS) { // set back: from here time runs on from where it stood
        correction.addAndGet(before - now);
      }
      return before; // a thread that read the clock just before another moved on: no correction, or time would drift
    }
    if (now > before) {
      latest.compareAndSet(before, now); // at most once a millisecond; losing the race to a newer value is fine
    }
    return now;
  }

  @Override
  public long currentTimeNanos() {
    return millis() * 1_000_000L;
  }

  @Override
  public boolean isWallClockBased() {
    return false;
  }
}
