package dev.uptally.agent.power.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.agent.power.SleepListener;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The binding itself: only where powrprof.dll exists. Sleep cannot be caused from a test; registering can. */
@EnabledOnOs(OS.WINDOWS)
class WindowsSleepNotifierTest {

  @Test
  void registersForSuspendAndResumeAndUnregisters() throws Exception {
    WindowsSleepNotifier notifier = new WindowsSleepNotifier(WindowsSleepNotifier.WINDOWS_BUDGET);
    notifier.start(new SleepListener() {
      @Override
      public void aboutToSleep(Duration budget) {}

      @Override
      public void woke() {}
    });
    assertThat(notifier.registered()).isTrue();
    notifier.close();
    assertThat(notifier.registered()).isFalse();
    notifier.close();
  }
}
