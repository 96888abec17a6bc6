package dev.uptally.bench;

import dev.uptally.common.protocol.Health;
import java.util.List;

/** Wire values the benchmarks share, so that each measures the same payload. */
public final class BenchSamples {

  private BenchSamples() {}

  /** A laptop's health as the agent reports it: CPU, memory, two disks, a battery, one fan. */
  public static Health laptopHealth() {
    return new Health(new Health.Cpu(0.31, 0.8, 55.0),
        new Health.Memory(17_179_869_184L, 8_589_934_592L, 2_147_483_648L, 0L),
        List.of(new Health.Disk("/", 512_110_190_592L, 201_326_592_000L),
            new Health.Disk("/home", 1_000_204_886_016L, 700_000_000_000L)),
        new Health.Battery(87.0, true, 0.91, 312), List.of(2100), false);
  }
}
