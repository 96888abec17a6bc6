package dev.uptally.agent.power.mac;

import dev.uptally.agent.power.SleepTransition;

/**
 * The {@code kIOMessage*} system power messages an {@code IORegisterForSystemPower} callback receives, and what
 * must follow each.
 *
 * <ul>
 *   <li>{@code kIOMessageCanSystemSleep}: idle sleep is being considered. Answered at once with
 *       {@code IOAllowPowerChange} (the agent never vetoes sleep; an unanswered query delays it 30 s).</li>
 *   <li>{@code kIOMessageSystemWillSleep}: the system is going to sleep and waits (up to 30 s) for
 *       {@code IOAllowPowerChange} from each client: the agent's announcement, then the answer.</li>
 *   <li>{@code kIOMessageSystemWillNotSleep}: a considered idle sleep was called off; nothing was announced.</li>
 *   <li>{@code kIOMessageSystemWillPowerOn}: waking has begun, devices are not up yet (the network neither);
 *       {@code kIOMessageSystemHasPoweredOn}: awake, the agent's wake-up.</li>
 * </ul>
 *
 * @param transition what the agent is told
 * @param allowPowerChange whether {@code IOAllowPowerChange} must be called with the message's argument afterwards
 */
record SystemPowerMessage(SleepTransition transition, boolean allowPowerChange) {

  static final int CAN_SYSTEM_SLEEP = 0xE0000270;
  static final int SYSTEM_WILL_SLEEP = 0xE0000280;
  static final int SYSTEM_WILL_NOT_SLEEP = 0xE0000290;
  static final int SYSTEM_HAS_POWERED_ON = 0xE0000300;
  static final int SYSTEM_WILL_POWER_ON = 0xE0000320;

  static SystemPowerMessage decode(int messageType) {
    return switch (messageType) {
      case CAN_SYSTEM_SLEEP -> new SystemPowerMessage(SleepTransition.NONE, true);
      case SYSTEM_WILL_SLEEP -> new SystemPowerMessage(SleepTransition.ABOUT_TO_SLEEP, true);
      case SYSTEM_HAS_POWERED_ON -> new SystemPowerMessage(SleepTransition.WOKE, false);
      default -> new SystemPowerMessage(SleepTransition.NONE, false);
    };
  }
}
