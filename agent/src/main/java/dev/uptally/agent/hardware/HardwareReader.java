package dev.uptally.agent.hardware;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;

/**
 * The agent's only view of the machine. The OSHI implementation reads the real hardware; tests and
 * the fleet simulator use fakes.
 *
 * <p>{@link #health()} is called once per interval and must be cheap; {@link #inventory()} is
 * called at start and then rarely. Any value the platform cannot read is null, never a made-up 0.
 * Implementations need not be thread-safe: the agent calls them from one thread at a time.
 */
public interface HardwareReader {

  /** Current health; CPU usage covers the time since the previous call (or since construction). */
  Health health();

  /** What the machine is: OS, model, serials, drives, network interfaces. */
  Inventory inventory();

  /** When the operating system booted, epoch millis. */
  long bootTimeMillis();

  /** Whether the machine has a battery (then {@code auto} device class is laptop). */
  boolean hasBattery();

  /** Whether the OS is a server OS (Windows Server; Linux without a display manager; see implementation). */
  boolean isServerOs();
}
