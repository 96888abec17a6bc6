package dev.uptally.agent.power;

/**
 * For platforms that give no notice of sleep: nothing is announced, no {@code suspend} sample is recorded,
 * and a sleep is reported only afterwards, as a {@code resume} from the clock gap the heartbeat loop sees
 * ({@link dev.uptally.agent.events.SleepDetector}), exactly as before notifiers existed.
 */
public final class NoSleepNotifier implements SleepNotifier {

  @Override
  public void start(SleepListener listener) {
    // nothing to register: the OS says nothing
  }

  @Override
  public String describe() {
    return "none (sleep is seen afterwards, from the clock gap)";
  }

  @Override
  public void close() {
    // nothing registered
  }
}
