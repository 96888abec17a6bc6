package dev.uptally.agent.power.mac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.agent.power.BoundedSleepListener;
import dev.uptally.agent.power.SleepListener;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The binding itself: only on macOS. Sleep cannot be caused from a test; registering can. */
@EnabledOnOs(OS.MAC)
class MacSleepNotifierTest {

  @Test
  void registersOnItsOwnRunLoopAndDeregisters() throws Exception {
    MacSleepNotifier notifier = new MacSleepNotifier(BoundedSleepListener.DEFAULT_BUDGET);
    notifier.start(new SleepListener() {
      @Override
      public void aboutToSleep(Duration budget) {}

      @Override
      public void woke() {}
    });
    assertThat(notifier.registered()).isTrue();
    notifier.close();
    assertThat(notifier.registered()).isFalse();
  }
}
