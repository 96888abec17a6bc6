package dev.uptally.collector.store;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.Retirement;
import dev.uptally.collector.fleet.RetirementReason;
import dev.uptally.collector.fleet.DeviceUpdate;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.ShutdownReason;
import dev.uptally.common.time.TimeRange;
import java.util.List;
import java.util.Map;

/** Test data for store tests: identities, progress, health and inventory that differ by a number. */
public final class StoreFixtures {

  public static final long T0 = 1_764_000_000_000L;

  private StoreFixtures() {}

  public static DeviceIdentity identity(String deviceId, String tokenHash) {
    return new DeviceIdentity(deviceId, "acme", "host-" + deviceId, DeviceClass.LAPTOP, "America/New_York", "1.0.0",
        tokenHash, T0, Map.of("site", "hq"));
  }

  public static DeviceProgress progress(long seq) {
    return new DeviceProgress(seq, T0, T0 + seq * 30_000, T0 - 60_000, seq % 2 == 0 ? null : ShutdownReason.AGENT,
        seq % 4 == 2, seq / 10, new DeviceProgress.Totals(seq * 1000, seq * 2000, seq * 3000, seq * 4000, seq),
        seq % 5 == 3 ? new Retirement(T0 + seq, RetirementReason.values()[(int) (seq % 3)], seq % 2 == 0 ? null
            : "note " + seq, "noc", T0 + 2 * seq) : null);
  }

  public static Health health(double cpuUsage) {
    return new Health(new Health.Cpu(cpuUsage, 0.5, 55.0), new Health.Memory(16L << 30, 8L << 30, 0L, 0L),
        List.of(new Health.Disk("/", 500L << 30, 100L << 30)), new Health.Battery(80.0, true, 0.9, 120),
        List.of(2100), false);
  }

  public static Inventory inventory(String model) {
    return new Inventory(new Inventory.Os("linux", "6.8", "x"), new Inventory.Hardware("Lenovo", model, "SN1", "u-1"),
        new Inventory.Cpu("i7", 4, 8), 16L << 30, List.of(new Inventory.Drive("Samsung", "D1", 512L << 30)),
        List.of(new Inventory.NetworkInterface("eth0", "aa:bb:cc:dd:ee:ff", List.of("10.0.0.7"))));
  }

  /** An update with only progress and receive time; no health, inventory, intervals or gaps. */
  public static DeviceUpdate progressOnly(String deviceId, long seq) {
    return new DeviceUpdate(deviceId, progress(seq), null, null, List.of(), List.of(), T0 + seq);
  }

  public static DeviceUpdate update(String deviceId, long seq, Health health, Inventory inventory,
      List<TimelineInterval> intervals, List<TimeRange> unreachable) {
    return new DeviceUpdate(deviceId, progress(seq), health, inventory, intervals, unreachable, T0 + seq);
  }
}
