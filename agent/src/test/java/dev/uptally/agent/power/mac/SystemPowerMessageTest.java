package dev.uptally.agent.power.mac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.agent.power.SleepTransition;
import org.junit.jupiter.api.Test;

/** Plain Java: runs on every OS. */
class SystemPowerMessageTest {

  @Test
  void willSleepIsTheAnnouncementAndMustBeAllowedAfterIt() {
    assertThat(SystemPowerMessage.decode(0xE0000280))
        .isEqualTo(new SystemPowerMessage(SleepTransition.ABOUT_TO_SLEEP, true));
  }

  @Test
  void theIdleSleepQueryIsAllowedAtOnceAndAnnouncesNothing() {
    assertThat(SystemPowerMessage.decode(0xE0000270)).isEqualTo(new SystemPowerMessage(SleepTransition.NONE, true));
  }

  @Test
  void hasPoweredOnIsTheWakeUpAndNeedsNoAnswer() {
    assertThat(SystemPowerMessage.decode(0xE0000300)).isEqualTo(new SystemPowerMessage(SleepTransition.WOKE, false));
  }

  @Test
  void theEarlyStageOfWakingAndACalledOffSleepAreNothing() {
    assertThat(SystemPowerMessage.decode(0xE0000320)).isEqualTo(new SystemPowerMessage(SleepTransition.NONE, false));
    assertThat(SystemPowerMessage.decode(0xE0000290)).isEqualTo(new SystemPowerMessage(SleepTransition.NONE, false));
    assertThat(SystemPowerMessage.decode(0)).isEqualTo(new SystemPowerMessage(SleepTransition.NONE, false));
  }
}
