package dev.uptally.agent.power.windows;

import dev.uptally.agent.power.SleepTransition;

/**
 * The {@code PBT_*} power broadcast events (the {@code Type} a suspend/resume callback receives, the
 * {@code wParam} of {@code WM_POWERBROADCAST}) that matter to the agent.
 *
 * <p>{@code PBT_APMSUSPEND} comes before the system sleeps; Windows gives each recipient about 2 s for it. On
 * waking {@code PBT_APMRESUMEAUTOMATIC} always comes, and {@code PBT_APMRESUMESUSPEND} follows when a person woke
 * the machine: both are {@link SleepTransition#WOKE}, and the second finds no announced sleep left to report.
 * {@code PBT_APMRESUMECRITICAL} (a sleep without warning, battery exhausted, before Vista) is a wake-up too.
 */
final class PowerBroadcast {

  static final int PBT_APMSUSPEND = 0x4;
  static final int PBT_APMRESUMECRITICAL = 0x6;
  static final int PBT_APMRESUMESUSPEND = 0x7;
  static final int PBT_APMPOWERSTATUSCHANGE = 0xA;
  static final int PBT_APMRESUMEAUTOMATIC = 0x12;
  static final int PBT_POWERSETTINGCHANGE = 0x8013;

  private PowerBroadcast() {}

  static SleepTransition decode(int event) {
    return switch (event) {
      case PBT_APMSUSPEND -> SleepTransition.ABOUT_TO_SLEEP;
      case PBT_APMRESUMEAUTOMATIC, PBT_APMRESUMESUSPEND, PBT_APMRESUMECRITICAL -> SleepTransition.WOKE;
      default -> SleepTransition.NONE;
    };
  }
}
