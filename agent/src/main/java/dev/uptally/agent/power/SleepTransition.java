package dev.uptally.agent.power;

/** What a platform's power message means for the agent, once decoded. */
public enum SleepTransition {
  /** The OS is about to sleep: {@link SleepListener#aboutToSleep}. */
  ABOUT_TO_SLEEP,
  /** The OS is awake again: {@link SleepListener#woke}. */
  WOKE,
  /** Nothing for the agent (a query, an early stage of waking, a message about something else). */
  NONE
}
