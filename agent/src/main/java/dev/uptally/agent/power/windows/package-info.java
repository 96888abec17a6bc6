/**
 * Windows: sleep announcements from {@code PowerRegisterSuspendResumeNotification} (powrprof.dll) through JNA.
 * Public: {@link dev.uptally.agent.power.windows.WindowsSleepNotifier}. The decoding of power broadcasts
 * ({@link dev.uptally.agent.power.windows.PowerBroadcast}) is plain Java, tested on every OS.
 */
package dev.uptally.agent.power.windows;
