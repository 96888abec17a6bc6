/**
 * Sleep announcements: the OS telling the agent that it is about to sleep and that it woke, so that the
 * agent records a {@code suspend} sample before the machine goes quiet and a {@code resume} with the exact
 * sleep. Public: {@link dev.uptally.agent.power.SleepNotifier} (one per platform, in the sub-packages),
 * {@link dev.uptally.agent.power.SleepListener} (what the agent does), {@link dev.uptally.agent.power.NoSleepNotifier}
 * (platforms without notice: sleep is then only seen afterwards, by the clock gap) and
 * {@link dev.uptally.agent.power.BoundedSleepListener} (the deadline every notifier keeps).
 */
package dev.uptally.agent.power;
