package dev.uptally.agent.testing;

import java.time.Duration;
import java.time.Instant;
import dev.uptally.agent.clock.AgentClock;

/** A wall clock and a monotonic clock that move only when a test says so. */
public final class ManualClock implements AgentClock {

  private long wallMillis;
  private long monotonicNanos;

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

  /** Time passes normally: both clocks move. */
  public synchronized void advance(Duration d) {
    wallMillis += d.toMillis();
    monotonicNanos += d.toNanos();
  }

  /** The machine slept: the wall clock moves, the monotonic clock (CLOCK_MONOTONIC) does not. */
  public synchronized void sleep(Duration d) {
    wallMillis += d.toMillis();
  }

  /** Someone set the wall clock (NTP step, admin): only the wall clock moves, possibly backwards. */
  public synchronized void stepWall(Duration d) {
    wallMillis += d.toMillis();
  }
}
