package dev.uptally.agent.clock;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The two clocks the agent needs: the wall clock (sample times, {@code sentAt}) and a monotonic
 * clock ({@link System#nanoTime()}) for scheduling and for telling sleep from elapsed time. On
 * Linux and macOS the monotonic clock does not advance while the machine is suspended, so a wall
 * clock jump against it is sleep. Tests inject a manual implementation.
 */
public interface AgentClock extends InstantSource {

  /** Monotonic nanoseconds, only meaningful as differences. */
  long nanoTime();

  /** The JVM's clocks. */
  static AgentClock system() {
    return new AgentClock() {
      @Override
      public Instant instant() {
        return Instant.now();
      }

      @Override
      public long millis() {
        return System.currentTimeMillis();
      }

      @Override
      public long nanoTime() {
        return System.nanoTime();
      }
    };
  }
}
