package dev.uptally.agent.events;

/**
 * The machine slept: from the last wall time the agent saw before the jump to the wall time it woke.
 *
 * @param sleptFromMillis epoch millis, last wall time seen before the sleep
 * @param sleptUntilMillis epoch millis, first wall time seen after it
 */
public record SleepGap(long sleptFromMillis, long sleptUntilMillis) {

  public SleepGap {
    if (sleptUntilMillis <= sleptFromMillis) {
      throw new IllegalArgumentException("sleep gap ends (" + sleptUntilMillis + ") before it starts (" + sleptFromMillis + ")");
    }
  }
}
