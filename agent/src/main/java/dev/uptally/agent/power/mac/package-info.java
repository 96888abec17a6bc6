/**
 * macOS: sleep announcements from IOKit's {@code IORegisterForSystemPower} through JNA, on a run loop of their
 * own. Public: {@link dev.uptally.agent.power.mac.MacSleepNotifier}. The decoding of the power messages
 * ({@link dev.uptally.agent.power.mac.SystemPowerMessage}) is plain Java, tested on every OS.
 */
package dev.uptally.agent.power.mac;
