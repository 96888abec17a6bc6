package dev.uptally.agent.clock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The clocks the agent needs: the wall clock (sample times, {@code sentAt}), a monotonic clock
 * ({@link System#nanoTime()}) for scheduling, and, where the system has one, a clock that keeps
 * counting while the machine is suspended. On Linux and macOS the monotonic clock does not advance
 * during suspend: the suspend-aware clock running ahead of it is sleep, whatever the wall clock did
 * meanwhile; without one, a wall clock jump against the monotonic clock is taken for sleep. Tests
 * inject a manual implementation.
 */
public interface AgentClock extends InstantSource {

  /** Monotonic nanoseconds, only meaningful as differences. */
  long nanoTime();

  /**
   * Milliseconds on a clock that also counts time suspended (Linux {@code CLOCK_BOOTTIME}, read from
   * {@code /proc/uptime}), only meaningful as differences; -1 where there is none (macOS, Windows) or it
   * cannot be read.
   */
  default long suspendAwareMillis() {
    return -1;
  }

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

      @Override
      public long suspendAwareMillis() {
        return UPTIME.toFile().canRead() ? uptimeMillis(UPTIME) : -1;
      }
    };
  }

  /** Linux: seconds since boot, suspend included, as the first field ("12345.67 23456.78"). */
  Path UPTIME = Path.of("/proc/uptime");

  /** The first field of a {@code /proc/uptime} file in milliseconds, or -1 when it cannot be read or parsed. */
  static long uptimeMillis(Path file) {
    try {
      String text = Files.readString(file).trim();
      int space = text.indexOf(' ');
      String seconds = space < 0 ? text : text.substring(0, space);
      return Math.round(Double.parseDouble(seconds) * 1000);
    } catch (IOException | NumberFormatException e) {
      System.getLogger(AgentClock.class.getName()).log(System.Logger.Level.DEBUG,
          "cannot read " + file + "; sleep is told from the wall clock", e);
      return -1;
    }
  }
}
