package dev.uptally.config;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.config.collector.Contract;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** A contract's {@code rules:} — which incidents open at which priority. Priorities must be defined. */
final class RuleSection {

  private RuleSection() {}

  /** @param calendar reads a calendar name, reporting one that is not defined */
  static Contract.Rules read(ConfigNode n, Set<String> priorities, Function<ConfigNode, String> calendar) {
    n.expectKeys("deviceDown", "diskFull", "temperature", "batteryWorn", "patchWindowMissed");
    Map<DeviceClass, Contract.DeviceDown> deviceDown = new EnumMap<>(DeviceClass.class);
    for (Map.Entry<String, ConfigNode> e : n.get("deviceDown").entries().entrySet()) {
      DeviceClass dc = Checks.deviceClass(e.getValue(), e.getKey());
      Contract.DeviceDown rule = deviceDown(e.getValue(), priorities, calendar);
      if (dc != null && rule != null) {
        deviceDown.put(dc, rule);
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

  /** {@code laptop: P4}, or {@code laptop: {priority: P4, after: 4h, calendar: business-hours}}. */
  private static Contract.DeviceDown deviceDown(ConfigNode n, Set<String> priorities,
      Function<ConfigNode, String> calendar) {
    if (!n.isMapping()) {
      String p = priority(n, priorities);
      return p == null ? null : Contract.DeviceDown.at(p);
    }
    n.expectKeys("priority", "after", "calendar");
    String p = priority(n.get("priority"), priorities);
    Duration after = n.get("after").duration(Duration.ZERO);
    if (after != null && after.isNegative()) {
      n.get("after").problem("must not be negative");
    }
    String cal = calendar.apply(n.get("calendar"));
    return p == null || after == null ? null : new Contract.DeviceDown(p, after, cal);
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
