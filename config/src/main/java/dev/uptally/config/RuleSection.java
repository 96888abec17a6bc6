package dev.uptally.config;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.config.collector.Contract;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** A contract's {@code rules:} — which incidents open at which priority. Priorities must be defined. */
final class RuleSection {

  private RuleSection() {}

  static Contract.Rules read(ConfigNode n, Set<String> priorities) {
    n.expectKeys("deviceDown", "diskFull", "temperature", "batteryWorn", "patchWindowMissed");
    Map<DeviceClass, String> deviceDown = new EnumMap<>(DeviceClass.class);
    for (Map.Entry<String, ConfigNode> e : n.get("deviceDown").entries().entrySet()) {
      DeviceClass dc = Checks.deviceClass(e.getValue(), e.getKey());
      String p = priority(e.getValue(), priorities);
      if (dc != null && p != null) {
        deviceDown.put(dc, p);
      }
    }
    Contract.DiskFull diskFull = null;
    ConfigNode disk = n.get("diskFull");
    if (disk.isPresent() && disk.expectKeys("above", "priority")) {
      diskFull = new Contract.DiskFull(ratio(disk.get("above")), priority(disk.get("priority"), priorities));
    }
    Contract.Temperature temperature = null;
    ConfigNode temp = n.get("temperature");
    if (temp.isPresent() && temp.expectKeys("aboveC", "priority")) {
      Double above = temp.get("aboveC").number(null);
      if (temp.get("aboveC").isAbsent()) {
        temp.get("aboveC").problem("is required (°C, e.g. 85)");
      }
      temperature = new Contract.Temperature(above == null ? 0 : above, priority(temp.get("priority"), priorities));
    }
    Contract.BatteryWorn battery = null;
    ConfigNode bat = n.get("batteryWorn");
    if (bat.isPresent() && bat.expectKeys("healthBelow", "priority")) {
      battery = new Contract.BatteryWorn(ratio(bat.get("healthBelow")), priority(bat.get("priority"), priorities));
    }
    Contract.PatchWindowMissed missed = null;
    ConfigNode pwm = n.get("patchWindowMissed");
    if (pwm.isPresent() && pwm.expectKeys("priority")) {
      missed = new Contract.PatchWindowMissed(priority(pwm.get("priority"), priorities));
    }
    return new Contract.Rules(deviceDown, diskFull, temperature, battery, missed);
  }

  private static double ratio(ConfigNode n) {
    Double v = Checks.inHalfOpen(n, null, 0, 1, true);
    return v == null ? 0 : v;
  }

  private static String priority(ConfigNode n, Set<String> priorities) {
    String p = n.required();
    if (p != null && !priorities.contains(p)) {
      n.problem("no priority named '" + p + "' in this contract's priorities"
          + Suggestions.didYouMean(p, priorities)
          + (priorities.isEmpty() ? " (none defined)" : " (defined: " + String.join(", ", priorities) + ")"));
      return null;
    }
    return p;
  }
}
