package dev.uptally.agent.power;

/**
 * The platform's announcement of sleep, delivered to a {@link SleepListener}. One implementation per
 * platform; where the platform gives no notice, {@link NoSleepNotifier}.
 *
 * <p>Lifecycle: {@link #start} once, {@link #close} once (from the agent's stop). Thread-safe.
 */
public interface SleepNotifier extends AutoCloseable {

  /**
   * Registers with the OS and starts delivering announcements to {@code listener}.
   *
   * @throws SleepNotifierUnavailableException when this machine cannot announce sleep after all (no system
   *     bus, no logind, a native call refused): the agent then works as without a notifier
   */
  void start(SleepListener listener) throws SleepNotifierUnavailableException;

  /** Says where announcements come from, for the agent's start-up log line. */
  String describe();

  /** Unregisters and lets go of anything that holds the OS back (an inhibitor lock). Idempotent. */
  @Override
  void close();
}
