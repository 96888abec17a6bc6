package dev.uptally.collector.report;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.ShutdownReason;
import java.util.ArrayList;
import java.util.List;

/** What one simulated device did, as the samples its agent would have sent (one a minute, within grace). */
final class DeviceScript {
  static final long INTERVAL = 60_000;
  private static final Health HEALTH = new Health(new Health.Cpu(0.2, 0.4, 48.0),
      new Health.Memory(16L << 30, 9L << 30, 2L << 30, 0L), List.of(new Health.Disk("/", 500L << 30, 210L << 30)),
      null, List.of(), false);

  final String deviceId;
  final String hostname;
  final String deviceClass;
  private final List<Sample> samples = new ArrayList<>();
  private long seq;
  private long boot;
  private long t;

  DeviceScript(String deviceId, String hostname, String deviceClass, long bootMillis, long firstSampleMillis) {
    this.deviceId = deviceId;
    this.hostname = hostname;
    this.deviceClass = deviceClass;
    this.boot = bootMillis;
    this.t = firstSampleMillis;
    samples.add(Sample.startup(seq++, t, boot, HEALTH, null));
  }

  /** Heartbeats every minute up to and including {@code until}, which must be on the grid. */
  DeviceScript beatUntil(long until) {
    while (t + INTERVAL <= until) {
      t += INTERVAL;
      samples.add(Sample.heartbeat(seq++, t, boot, HEALTH));
    }
    if (t != until) {
      throw new IllegalArgumentException("script error: " + until + " is not on the 1 min grid of " + deviceId);
    }
    return this;
  }

  /** Crashes right after the current sample, boots at {@code bootAt}, first sample at {@code firstSampleAt}. */
  DeviceScript crashAndBoot(long bootAt, long firstSampleAt) {
    boot = bootAt;
    t = firstSampleAt;
    samples.add(Sample.startup(seq++, t, boot, HEALTH, null));
    return this;
  }

  /** An orderly OS shutdown one interval after the current sample, then a boot at {@code bootAt}. */
  DeviceScript shutdownAndBoot(long bootAt, long firstSampleAt) {
    t += INTERVAL;
    samples.add(Sample.shutdown(seq++, t, boot, ShutdownReason.OS));
    return crashAndBoot(bootAt, firstSampleAt);
  }

  /** Sleeps from the current sample + 10 s until {@code until}; resumes with a sample one interval later. */
  DeviceScript sleepUntil(long until) {
    long from = t + 10_000;
    t = until + INTERVAL;
    samples.add(Sample.resume(seq++, t, boot, from, until, HEALTH));
    return this;
  }

  List<Sample> samples() {
    return samples;
  }
}
