package dev.uptally.collector.incident;

import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.protocol.Health;
import java.util.List;

/**
 * The incident tests' devices: agents that report every 5 minutes (the heartbeat of {@link ContractFixtures}), on
 * machines booted a minute before the agent's first sample. Their scripts use {@link DeviceScript#beatUpTo} (the
 * last heartbeat at or before a time, on the grid or not); an orderly OS shutdown is reported 1 s after the last
 * heartbeat and the agent starts 30 s after a boot or reports a resume 30 s after the wake-up.
 */
final class IncidentDevices {

  static final long INTERVAL = ContractFixtures.HEARTBEAT.intervalSeconds() * 1000L;
  static final Health HEALTHY = health(0.40, 51.0);

  private IncidentDevices() {}

  /** The device's first sample, a startup, at {@code firstSampleMillis}; boot one minute earlier. */
  static DeviceScript device(String deviceId, String deviceClass, long firstSampleMillis) {
    return DeviceScript.device(deviceId, deviceClass).everyMillis(INTERVAL).health(HEALTHY)
        .start(firstSampleMillis - 60_000, firstSampleMillis);
  }

  /** A 500 GiB disk "/" {@code diskUsedRatio} full, the CPU at {@code temperatureC}; the rest ordinary. */
  static Health health(double diskUsedRatio, double temperatureC) {
    long total = 500L << 30;
    return new Health(new Health.Cpu(0.25, 0.5, temperatureC), new Health.Memory(16L << 30, 8L << 30, 0L, 0L),
        List.of(new Health.Disk("/", total, Math.round(total * (1 - diskUsedRatio)))), null, List.of(), false);
  }
}
