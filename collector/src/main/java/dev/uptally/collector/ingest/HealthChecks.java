package dev.uptally.collector.ingest;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.WireLimits;

/**
 * The physical ranges of a sample's health: CPU usage 0..1, battery percent 0..100, byte counts not negative with
 * what is available or free never above the total, temperatures and fan speeds that a sensor can read, counts not
 * negative. Null stays null (the platform could not read it). A value outside is refused with a {@code 400} naming
 * it, e.g. {@code samples[2].health.cpu.usage}, so that {@code -Infinity} never reaches the dashboard or Prometheus.
 */
final class HealthChecks {

  private HealthChecks() {}

  /** @param at where the health is: a String or a {@link FieldPath} */
  static void check(Object at, Health h) {
    if (h == null) {
      return;
    }
    if (h.cpu() != null) {
      Health.Cpu c = h.cpu();
      FieldChecks.range(at, ".cpu.usage", c.usage(), 0, 1, "(a fraction of the CPUs' time)");
      FieldChecks.nonNegative(at, ".cpu.load1", c.load1(), "");
      FieldChecks.range(at, ".cpu.temperatureC", c.temperatureC(), WireLimits.MIN_TEMPERATURE_C,
          WireLimits.MAX_TEMPERATURE_C, "°C");
    }
    if (h.memory() != null) {
      Health.Memory m = h.memory();
      FieldChecks.nonNegative(at, ".memory.totalBytes", m.totalBytes(), "bytes");
      FieldChecks.nonNegative(at, ".memory.availableBytes", m.availableBytes(), "bytes");
      FieldChecks.nonNegative(at, ".memory.swapTotalBytes", m.swapTotalBytes(), "bytes");
      FieldChecks.nonNegative(at, ".memory.swapUsedBytes", m.swapUsedBytes(), "bytes");
      notAbove(at, ".memory.availableBytes", m.availableBytes(), "totalBytes", m.totalBytes());
    }
    FieldChecks.entries(at, ".disks", h.disks(), WireLimits.MAX_DISKS);
    for (int i = 0; i < h.disks().size(); i++) {
      Health.Disk d = h.disks().get(i);
      FieldPath disk = FieldPath.of(at).then(".disks", i);
      FieldChecks.text(disk, ".mount", d.mount(), WireLimits.MAX_MOUNT_CHARS);
      FieldChecks.nonNegative(disk, ".totalBytes", d.totalBytes(), "bytes");
      FieldChecks.nonNegative(disk, ".freeBytes", d.freeBytes(), "bytes");
      notAbove(disk, ".freeBytes", d.freeBytes(), "totalBytes", d.totalBytes());
    }
    if (h.battery() != null) {
      Health.Battery b = h.battery();
      FieldChecks.range(at, ".battery.percent", b.percent(), 0, 100, "%");
      FieldChecks.range(at, ".battery.healthRatio", b.healthRatio(), 0, WireLimits.MAX_BATTERY_HEALTH_RATIO,
          "(full-charge over design capacity)");
      FieldChecks.nonNegative(at, ".battery.cycles", b.cycles(), "");
    }
    FieldChecks.entries(at, ".fansRpm", h.fansRpm(), WireLimits.MAX_FANS);
    for (int i = 0; i < h.fansRpm().size(); i++) {
      FieldChecks.range(FieldPath.of(at).then(".fansRpm", i), "", h.fansRpm().get(i), 0, WireLimits.MAX_FAN_RPM, "rpm");
    }
  }

  private static void notAbove(Object at, String field, Long part, String totalName, Long total) {
    if (part != null && total != null && part > total) {
      throw IngestException.badRequest(at + field + " " + part + " is above " + totalName + " " + total);
    }
  }
}
