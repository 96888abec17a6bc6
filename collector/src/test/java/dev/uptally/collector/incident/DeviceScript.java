package dev.uptally.collector.incident;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.ShutdownReason;
import java.util.ArrayList;
import java.util.List;

/** What one device did, as the samples its agent would send (every 5 minutes while up). Times are epoch millis. */
final class DeviceScript {
  static final long INTERVAL = 300_000;
  static final Health HEALTHY = health(0.40, 51.0);

  final String deviceId;
  final String deviceClass;
  private final List<Sample> samples = new ArrayList<>();
  private long seq;
  private long boot;
  private long t;

  DeviceScript(String deviceId, String deviceClass, long firstSampleMillis) {
    this.deviceId = deviceId;
    this.deviceClass = deviceClass;
    this.boot = firstSampleMillis - 60_000;
    this.t = firstSampleMillis;
    samples.add(Sample.startup(seq++, t, boot, HEALTHY, null));
  }

  static Health health(double diskUsedRatio, double temperatureC) {
    long total = 500L << 30;
    return new Health(new Health.Cpu(0.25, 0.5, temperatureC), new Health.Memory(16L << 30, 8L << 30, 0L, 0L),
        List.of(new Health.Disk("/", total, Math.round(total * (1 - diskUsedRatio)))), null, List.of(), false);
  }

  /** Heartbeats every 5 minutes up to {@code until} (the last one at or before it). */
  DeviceScript beatUntil(long until) {
    return beatUntil(until, HEALTHY);
  }

  DeviceScript beatUntil(long until, Health health) {
    while (t + INTERVAL <= until) {
      t += INTERVAL;
      samples.add(Sample.heartbeat(seq++, t, boot, health));
    }
    return this;
  }

  /** An orderly OS shutdown reported 1 s after the current sample; the machine boots at {@code bootAt}. */
  DeviceScript shutdownAndBoot(long bootAt) {
    t += 1000;
    samples.add(Sample.shutdown(seq++, t, boot, ShutdownReason.OS));
    boot = bootAt;
    t = bootAt + 30_000;
    samples.add(Sample.startup(seq++, t, boot, HEALTHY, null));
    return this;
  }

  /** An orderly OS shutdown reported 1 s after the current sample; the machine stays off. */
  DeviceScript shutdown() {
    t += 1000;
    samples.add(Sample.shutdown(seq++, t, boot, ShutdownReason.OS));
    return this;
  }

  /** Sleeps from the current sample + 10 s until {@code until}; the resume sample comes 30 s later. */
  DeviceScript sleepUntil(long until) {
    long from = t + 10_000;
    t = until + 30_000;
    samples.add(Sample.resume(seq++, t, boot, from, until, HEALTHY));
    return this;
  }

  /** Samples with {@code from < time <= to}. */
  List<Sample> between(long fromMillis, long toMillis) {
    return samples.stream().filter(s -> s.time() > fromMillis && s.time() <= toMillis).toList();
  }

  List<Sample> samples() {
    return samples;
  }
}
