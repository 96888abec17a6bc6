/**
 * Linux: sleep announcements from systemd-logind over the system D-Bus. Public: {@link
 * dev.uptally.agent.power.logind.LogindSleepNotifier} and the D-Bus interface it speaks ({@link
 * dev.uptally.agent.power.logind.Login1Manager}, public because dbus-java builds proxies of it).
 */
package dev.uptally.agent.power.logind;
