package dev.uptally.agent.spool;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.ShutdownReason;
import java.util.List;

/** Realistic samples for spool tests (~400 bytes of JSON each). */
final class Samples {

  static final long BOOT = 1_763_990_000_000L;

  private Samples() {}

  static Health health() {
    return new Health(new Health.Cpu(0.12, 0.8, 51.0),
        new Health.Memory(16L << 30, 9L << 30, 2L << 30, 0L),
        List.of(new Health.Disk("/", 500L << 30, 200L << 30), new Health.Disk("/home", 1L << 40, 1L << 39)),
        null, List.of(1200), false);
  }

  static Sample heartbeat(long seq, long time) {
    return Sample.heartbeat(seq, time, BOOT, health());
  }

  static Sample startup(long seq, long time) {
    return Sample.startup(seq, time, BOOT, health(), null);
  }

  static Sample shutdown(long seq, long time) {
    return Sample.shutdown(seq, time, BOOT, ShutdownReason.AGENT);
  }

  static Sample resume(long seq, long time) {
    return Sample.resume(seq, time, BOOT, time - 3_600_000, time, health());
  }
}
