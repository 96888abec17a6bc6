package dev.uptally.agent.power;

import java.time.Duration;

/**
 * What the agent does when the OS announces sleep. Called by a {@link SleepNotifier} on its own thread, one
 * call at a time, in the order the OS announced.
 */
public interface SleepListener {

  /**
   * The OS is about to sleep and waits for this call to return (the notifier holds it back: logind's delay
   * lock, macOS's {@code IOAllowPowerChange}, Windows' return from the power callback). Return once ready
   * for the machine to sleep, within {@code budget}: past it the notifier lets the OS go on anyway.
   */
  void aboutToSleep(Duration budget);

  /** The OS woke from sleep (or gave up going to sleep after announcing it). */
  void woke();
}
