package dev.uptally.agent.testing;

import java.time.Duration;
import java.time.Instant;
import dev.uptally.agent.clock.AgentClock;

/**
 * A wall clock, a monotonic clock and a suspend-aware clock (as Linux's {@code CLOCK_BOOTTIME}) that move only
 * when a test says so.
 */
public final class ManualClock implements AgentClock {

  private long wallMillis;
  private long monotonicNanos;
  private long suspendAwareMillis = 5_000;

  public ManualClock(long wallMillis) {
    this.wallMillis = wallMillis;
    this.monotonicNanos = 1_000_000_000L;
  }

  @Override
  public synchronized Instant instant() {
    return Instant.ofEpochMilli(wallMillis);
  }

  @Override
  public synchronized long millis() {
    return wallMillis;
  }

  @Override
  public synchronized long nanoTime() {
    return monotonicNanos;
  }

  @Override
  public synchronized long suspendAwareMillis() {
    return suspendAwareMillis;
  }

  /** Time passes normally: every clock moves. */
  public synchronized void advance(Duration d) {
    wallMillis += d.toMillis();
    monotonicNanos += d.toNanos();
    suspendAwareMillis += d.toMillis();
  }

  /** The machine slept: the wall and suspend-aware clocks move, the monotonic clock (CLOCK_MONOTONIC) does not. */
  public synchronized void sleep(Duration d) {
    wallMillis += d.toMillis();
    suspendAwareMillis += d.toMillis();
  }

  /** Someone set the wall clock (NTP step, admin): only the wall clock moves, possibly backwards. */
  public synchronized void stepWall(Duration d) {
    wallMillis += d.toMillis();
  }
}
