package dev.uptally.agent.power.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.agent.power.SleepTransition;
import org.junit.jupiter.api.Test;

/** Plain Java: runs on every OS. */
class PowerBroadcastTest {

  @Test
  void suspendIsTheAnnouncement() {
    assertThat(PowerBroadcast.decode(4)).isEqualTo(SleepTransition.ABOUT_TO_SLEEP);
  }

  @Test
  void everyResumeIsAWakeUp() {
    assertThat(PowerBroadcast.decode(0x12)).as("automatic, always sent").isEqualTo(SleepTransition.WOKE);
    assertThat(PowerBroadcast.decode(7)).as("by a person, after the automatic one").isEqualTo(SleepTransition.WOKE);
    assertThat(PowerBroadcast.decode(6)).as("critical").isEqualTo(SleepTransition.WOKE);
  }

  @Test
  void powerStatusAndSettingChangesAreNotSleep() {
    assertThat(PowerBroadcast.decode(PowerBroadcast.PBT_APMPOWERSTATUSCHANGE)).isEqualTo(SleepTransition.NONE);
    assertThat(PowerBroadcast.decode(PowerBroadcast.PBT_POWERSETTINGCHANGE)).isEqualTo(SleepTransition.NONE);
    assertThat(PowerBroadcast.decode(0)).isEqualTo(SleepTransition.NONE);
  }
}
