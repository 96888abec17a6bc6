package dev.uptally.config;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.device.OutageCause;
import dev.uptally.config.collector.Contract;
import dev.uptally.config.schedule.WeeklyRule;
import dev.uptally.config.schedule.WeeklySchedule;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code contracts:} section. Calendar references are checked against the defined calendars. */
final class ContractSection {

  static final double DEFAULT_ESCALATE_AT = 0.75;
  private static final Set<DeviceClass> ALL_CLASSES = EnumSet.allOf(DeviceClass.class);

  private final Set<String> calendars;

  private ContractSection(Set<String> calendars) {
    this.calendars = calendars;
  }

  static Map<String, Contract> read(ConfigNode n, Set<String> calendars) {
    ContractSection section = new ContractSection(calendars);
    Map<String, Contract> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> e : n.entries().entrySet()) {
      Contract c = section.contract(e.getKey(), e.getValue());
      if (c != null) {
        out.put(e.getKey(), c);
      }
    }
    return out;
  }

  private Contract contract(String name, ConfigNode n) {
    if (!n.expectKeys("monthlyFee", "availability", "patchWindows", "maintenance", "priorities", "escalateAt",
        "rules", "credits")) {
      return null;
    }
    double fee = n.get("monthlyFee").number(0.0);
    if (fee < 0) {
      n.get("monthlyFee").problem(fee + " is negative");
    }
    List<CreditSection.ClassTerms> classTerms = new ArrayList<>();
    Map<DeviceClass, Contract.AvailabilityTarget> availability = availability(n.get("availability"), classTerms);
    List<Contract.PatchWindow> patchWindows = new ArrayList<>();
    for (ConfigNode w : n.get("patchWindows").items()) {
      if (w.expectKeys("weekly", "minOnline", "classes")) {
        WeeklySchedule s = requiredWeekly(w.get("weekly"));
        Duration minOnline = minOnline(w.get("minOnline"), s);
        patchWindows.add(new Contract.PatchWindow(s, minOnline, Checks.deviceClasses(w.get("classes"), ALL_CLASSES)));
      }
    }
    List<Contract.MaintenanceWindow> maintenance = new ArrayList<>();
    for (ConfigNode w : n.get("maintenance").items()) {
      if (w.expectKeys("weekly", "classes")) {
        maintenance.add(new Contract.MaintenanceWindow(requiredWeekly(w.get("weekly")),
            Checks.deviceClasses(w.get("classes"), ALL_CLASSES)));
      }
    }
    Map<String, Contract.Priority> priorities = priorities(n.get("priorities"));
    Double escalateAt = Checks.inHalfOpen(n.get("escalateAt"), DEFAULT_ESCALATE_AT, 0, 1, false);
    Contract.Rules rules = RuleSection.read(n.get("rules"), priorities.keySet(), this::calendar);
    List<CreditSection.Tier> credits = CreditSection.read(n.get("credits"));
    CreditSection.warnAboveTargets(classTerms, credits);
    return new Contract(name, fee, availability, patchWindows, maintenance, priorities,
        escalateAt == null ? DEFAULT_ESCALATE_AT : escalateAt, rules, CreditSection.tiers(credits));
  }

  /** @param terms receives each class's target and own credit tiers as read, in file order (for the warnings) */
  private Map<DeviceClass, Contract.AvailabilityTarget> availability(ConfigNode n,
      List<CreditSection.ClassTerms> terms) {
    Map<DeviceClass, Contract.AvailabilityTarget> out = new EnumMap<>(DeviceClass.class);
    for (Map.Entry<String, ConfigNode> e : n.entries().entrySet()) {
      ConfigNode t = e.getValue();
      DeviceClass dc = Checks.deviceClass(t, e.getKey());
      if (dc == null || !t.expectKeys("target", "calendar", "counts", "credits")) {
        continue;
      }
      Double target = Checks.inHalfOpen(t.get("target"), null, 0, 100, true);
      String calendar = calendar(t.get("calendar"));
      Set<OutageCause> counts = Checks.causes(t.get("counts"), defaultCounts(dc));
      // absent: the contract-wide tiers apply; [] : this class earns no credit
      List<CreditSection.Tier> own = t.get("credits").isAbsent() ? null : CreditSection.read(t.get("credits"));
      if (target != null) {
        out.put(dc, new Contract.AvailabilityTarget(target, calendar, counts, CreditSection.tiers(own)));
        terms.add(new CreditSection.ClassTerms(dc, target, own));
      }
    }
    return out;
  }

  /** Servers: crash, shutdown, silent; workstations and laptops: crash, silent (DESIGN.md). */
  static Set<OutageCause> defaultCounts(DeviceClass dc) {
    return dc == DeviceClass.SERVER
        ? EnumSet.of(OutageCause.CRASH, OutageCause.SHUTDOWN, OutageCause.SILENT)
        : EnumSet.of(OutageCause.CRASH, OutageCause.SILENT);
  }

  /** A calendar name, {@code 24x7} when absent; reports one that is not defined. */
  private String calendar(ConfigNode n) {
    String name = n.string("24x7");
    if (!"24x7".equals(name) && !calendars.contains(name)) {
      Set<String> known = new HashSet<>(calendars);
      known.add("24x7");
      n.problem("no calendar named '" + name + "'" + Suggestions.didYouMean(name, known)
          + " (defined: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
    }
    return name;
  }

  private static WeeklySchedule requiredWeekly(ConfigNode n) {
    if (n.isAbsent()) {
      n.problem("is required (e.g. [\"TUE 01:00-04:00\"])");
    }
    return CalendarSection.weekly(n);
  }

  /** Required; positive and no longer than the shortest nominal window, or it could never be met. */
  private static Duration minOnline(ConfigNode n, WeeklySchedule s) {
    if (n.isAbsent()) {
      n.problem("is required (e.g. 30m)");
      return Duration.ZERO;
    }
    Duration d = n.duration(null);
    if (d == null) {
      return Duration.ZERO;
    }
    for (WeeklyRule r : s.rules()) {
      long minutes = ChronoUnit.MINUTES.between(r.start(), r.end());
      long nominal = Duration.ofMinutes(minutes <= 0 ? minutes + 24 * 60 : minutes).toMillis();
      if (d.toMillis() > nominal) {
        n.problem(dev.uptally.common.time.Durations.format(d) + " is longer than the window "
            + r.start() + "-" + r.end() + " itself");
        break;
      }
    }
    if (d.isZero()) {
      n.problem("must be more than 0");
    }
    return d;
  }

  private Map<String, Contract.Priority> priorities(ConfigNode n) {
    Map<String, Contract.Priority> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> e : n.entries().entrySet()) {
      ConfigNode p = e.getValue();
      if (!p.expectKeys("response", "resolution", "calendar")) {
        continue;
      }
      Duration response = positive(p.get("response"));
      Duration resolution = positive(p.get("resolution"));
      if (response != null && resolution != null && resolution.compareTo(response) < 0) {
        p.get("resolution").problem("is shorter than the response target");
      }
      out.put(e.getKey(), new Contract.Priority(response, resolution, calendar(p.get("calendar"))));
    }
    return out;
  }

  private static Duration positive(ConfigNode n) {
    if (n.isAbsent()) {
      n.problem("is required (e.g. 30s, 15m, 4h, 2d)");
      return null;
    }
    Duration d = n.duration(null);
    if (d != null && d.isZero()) {
      n.problem("must be more than 0");
      return null;
    }
    return d;
  }
}
