package dev.uptally.collector.incident;

import dev.uptally.common.protocol.Health;
import dev.uptally.config.collector.Contract;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The contract's health rules ({@code diskFull}, {@code temperature}, {@code batteryWorn}) applied to a device's
 * newest health. A rule whose reading is missing (no battery, no temperature sensor) yields no finding, so an
 * incident it opened stays as it is. Stateless; cheap enough for a shard thread.
 */
final class HealthRules {

  static final String DISK_FULL = "diskFull";
  static final String TEMPERATURE = "temperature";
  static final String BATTERY_WORN = "batteryWorn";

  private HealthRules() {}

  /** @param active whether the rule's condition holds; @param detail what was read, for the incident */
  record Finding(String rule, String priority, boolean active, String detail) {}

  static List<Finding> check(Contract.Rules rules, Health health) {
    List<Finding> out = new ArrayList<>(3);
    if (rules == null || health == null) {
      return out;
    }
    if (rules.diskFull() != null && health.disks() != null) {
      Health.Disk fullest = null;
      for (Health.Disk d : health.disks()) {
        if (d.usedRatio() != null && (fullest == null || d.usedRatio() > fullest.usedRatio())) {
          fullest = d;
        }
      }
      if (fullest != null) {
        out.add(new Finding(DISK_FULL, rules.diskFull().priority(), fullest.usedRatio() > rules.diskFull().above(),
            String.format(Locale.ROOT, "disk %s %.1f%% used (limit %.1f%%)", fullest.mount(),
                100 * fullest.usedRatio(), 100 * rules.diskFull().above())));
      }
    }
    if (rules.temperature() != null && health.cpu() != null && health.cpu().temperatureC() != null) {
      double t = health.cpu().temperatureC();
      out.add(new Finding(TEMPERATURE, rules.temperature().priority(), t > rules.temperature().aboveC(),
          String.format(Locale.ROOT, "cpu %.1f °C (limit %.1f °C)", t, rules.temperature().aboveC())));
    }
    if (rules.batteryWorn() != null && health.battery() != null && health.battery().healthRatio() != null) {
      double h = health.battery().healthRatio();
      out.add(new Finding(BATTERY_WORN, rules.batteryWorn().priority(), h < rules.batteryWorn().healthBelow(),
          String.format(Locale.ROOT, "battery health %.2f (limit %.2f)", h, rules.batteryWorn().healthBelow())));
    }
    return out;
  }

  /** Whether any rule's condition holds; allocates nothing (it runs for every applied batch). */
  static boolean anyActive(Contract.Rules rules, Health health) {
    if (rules == null || health == null) {
      return false;
    }
    if (rules.diskFull() != null && health.disks() != null) {
      for (Health.Disk d : health.disks()) {
        if (d.totalBytes() != null && d.freeBytes() != null && d.totalBytes() > 0
            && (double) (d.totalBytes() - d.freeBytes()) / d.totalBytes() > rules.diskFull().above()) {
          return true;
        }
      }
    }
    if (rules.temperature() != null && health.cpu() != null && health.cpu().temperatureC() != null
        && health.cpu().temperatureC() > rules.temperature().aboveC()) {
      return true;
    }
    return rules.batteryWorn() != null && health.battery() != null && health.battery().healthRatio() != null
        && health.battery().healthRatio() < rules.batteryWorn().healthBelow();
  }
}
