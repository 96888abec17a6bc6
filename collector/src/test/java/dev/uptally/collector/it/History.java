package dev.uptally.collector.it;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.ShutdownReason;
import java.util.ArrayList;
import java.util.List;

/**
 * What one device did, written as a script and turned into the samples its agent would have sent.
 * All times are real (collector) epoch millis; {@code skewMillis} is added to every device-clock time.
 */
final class History {
  static final long INTERVAL = 30_000;
  private static final Health HEALTH = new Health(new Health.Cpu(0.25, 0.5, 51.0),
      new Health.Memory(16L << 30, 8L << 30, 2L << 30, 0L), List.of(new Health.Disk("/", 500L << 30, 200L << 30)),
      null, List.of(), false);

  final String deviceId;
  final String deviceClass;
  final long skewMillis;
  private final List<Sample> samples = new ArrayList<>();
  private long seq;
  private long boot;
  private long t;

  History(String deviceId, String deviceClass, long skewMillis, long bootMillis, long firstSampleMillis) {
    this.deviceId = deviceId;
    this.deviceClass = deviceClass;
    this.skewMillis = skewMillis;
    this.boot = bootMillis;
    this.t = firstSampleMillis;
    samples.add(Sample.startup(seq++, t + skewMillis, boot + skewMillis, HEALTH, null));
  }

  /** Heartbeats every 30 s up to and including {@code until} (the last one lands exactly on it). */
  History beatUntil(long until) {
    while (t + INTERVAL <= until) {
      t += INTERVAL;
      samples.add(Sample.heartbeat(seq++, t + skewMillis, boot + skewMillis, HEALTH));
    }
    if (t != until) {
      throw new IllegalArgumentException("script error: " + until + " is not on the 30 s grid of " + deviceId);
    }
    return this;
  }

  /** The machine crashes right after the sample at the current time and boots at {@code bootAt}. */
  History crashAndBoot(long bootAt, long firstSampleAt) {
    boot = bootAt;
    t = firstSampleAt;
    samples.add(Sample.startup(seq++, t + skewMillis, boot + skewMillis, HEALTH, null));
    return this;
  }

  /** An orderly shutdown event 0 s after the current sample... sent at the next grid point. */
  History shutdown(ShutdownReason reason) {
    t += INTERVAL;
    samples.add(Sample.shutdown(seq++, t + skewMillis, boot + skewMillis, reason));
    return this;
  }

  /** The agent starts again on the same boot at {@code at}. */
  History agentRestart(long at) {
    t = at;
    samples.add(Sample.startup(seq++, t + skewMillis, boot + skewMillis, HEALTH, null));
    return this;
  }

  /** Sleeps from the current sample's time + 10 s until {@code until}; the resume sample comes at {@code until + 30 s}. */
  History sleepUntil(long until) {
    long from = t + 10_000;
    t = until + INTERVAL;
    samples.add(Sample.resume(seq++, t + skewMillis, boot + skewMillis, from + skewMillis, until + skewMillis, HEALTH));
    return this;
  }

  long now() {
    return t;
  }

  List<Sample> samples() {
    return samples;
  }
}
