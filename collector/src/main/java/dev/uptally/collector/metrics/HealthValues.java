package dev.uptally.collector.metrics;

import dev.uptally.common.protocol.Health;
import java.util.List;

/** The health gauges' values from a health report; {@code NaN} where the agent could not read the figure. */
final class HealthValues {

  private HealthValues() {}

  static double cpuUsage(Health h) {
    return h == null || h.cpu() == null ? Double.NaN : orNaN(h.cpu().usage());
  }

  static double temperatureCelsius(Health h) {
    return h == null || h.cpu() == null ? Double.NaN : orNaN(h.cpu().temperatureC());
  }

  static double memoryAvailableRatio(Health h) {
    if (h == null || h.memory() == null) {
      return Double.NaN;
    }
    Long total = h.memory().totalBytes();
    Long available = h.memory().availableBytes();
    if (total == null || available == null || total <= 0) {
      return Double.NaN;
    }
    return (double) available / total;
  }

  static double batteryHealthRatio(Health h) {
    return h == null || h.battery() == null ? Double.NaN : orNaN(h.battery().healthRatio());
  }

  /** A disk gets a series when its mount and free space are known and no earlier disk has the same mount. */
  static boolean isFirstReadableMount(List<Health.Disk> disks, int index) {
    Health.Disk disk = disks.get(index);
    if (disk.mount() == null || disk.freeBytes() == null) {
      return false;
    }
    for (int k = 0; k < index; k++) {
      if (disk.mount().equals(disks.get(k).mount()) && disks.get(k).freeBytes() != null) {
        return false;
      }
    }
    return true;
  }

  private static double orNaN(Double v) {
    return v == null ? Double.NaN : v;
  }
}
