package dev.uptally.collector.browser;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.ShutdownReason;
import java.util.ArrayList;
import java.util.List;

/**
 * What one device did, written as a script, turned into the samples its agent would have sent. Times are collector
 * epoch millis on a 30 s grid (the collector's default heartbeat interval).
 */
final class DeviceScript {

  static final long INTERVAL_MILLIS = 30_000;

  final String deviceId;
  final String hostname;
  final String deviceClass;
  final String clientId;
  private final Health health;
  private final List<Sample> samples = new ArrayList<>();
  private int drained;
  private long seq;
  private long bootMillis;
  private long timeMillis;

  /** The agent starts at {@code firstSampleMillis} on a machine booted an hour before. */
  DeviceScript(String clientId, String deviceId, String hostname, String deviceClass, Health health,
      Inventory inventory, long firstSampleMillis) {
    this.clientId = clientId;
    this.deviceId = deviceId;
    this.hostname = hostname;
    this.deviceClass = deviceClass;
    this.health = health;
    this.bootMillis = firstSampleMillis - 3_600_000;
    this.timeMillis = firstSampleMillis;
    samples.add(Sample.startup(seq++, timeMillis, bootMillis, health, inventory));
  }

  /** Heartbeats every 30 s up to and including {@code untilMillis}, which must be on the grid. */
  DeviceScript beatUntil(long untilMillis) {
    while (timeMillis + INTERVAL_MILLIS <= untilMillis) {
      timeMillis += INTERVAL_MILLIS;
      samples.add(Sample.heartbeat(seq++, timeMillis, bootMillis, health));
    }
    if (timeMillis != untilMillis) {
      throw new IllegalArgumentException("script error: " + untilMillis + " is not on the 30 s grid of " + deviceId);
    }
    return this;
  }

  /** The machine crashes right after the current sample and boots at {@code bootAtMillis}. */
  DeviceScript crashAndBoot(long bootAtMillis) {
    bootMillis = bootAtMillis;
    timeMillis = bootAtMillis + INTERVAL_MILLIS;
    samples.add(Sample.startup(seq++, timeMillis, bootMillis, health, null));
    return this;
  }

  /** An orderly OS shutdown at the next grid point; the machine boots again at {@code bootAtMillis}. */
  DeviceScript shutdownAndBoot(long bootAtMillis) {
    timeMillis += INTERVAL_MILLIS;
    samples.add(Sample.shutdown(seq++, timeMillis, bootMillis, ShutdownReason.OS));
    return crashAndBoot(bootAtMillis);
  }

  /** Sleeps from 10 s after the current sample until {@code untilMillis}; the resume sample comes 30 s later. */
  DeviceScript sleepUntil(long untilMillis) {
    long from = timeMillis + 10_000;
    timeMillis = untilMillis + INTERVAL_MILLIS;
    samples.add(Sample.resume(seq++, timeMillis, bootMillis, from, untilMillis, health));
    return this;
  }

  /** The samples scripted since the last call (all of them the first time): what the agent has not sent yet. */
  List<Sample> drain() {
    List<Sample> fresh = List.copyOf(samples.subList(drained, samples.size()));
    drained = samples.size();
    return fresh;
  }
}
