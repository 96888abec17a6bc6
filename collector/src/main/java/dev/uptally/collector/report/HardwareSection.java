package dev.uptally.collector.report;

import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.lifecycle.HardwareChange;
import dev.uptally.collector.lifecycle.LifecycleService;
import dev.uptally.collector.lifecycle.LifetimeRow;
import dev.uptally.collector.lifecycle.Lifetimes;
import dev.uptally.collector.lifecycle.Part;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The monthly report's hardware section: changes read from the client's inventories in the month, and lifetimes per
 * hardware model and per drive model of the client's machines as observed at the month's end (or now, if earlier).
 */
final class HardwareSection {

  private HardwareSection() {}

  static MonthlyReport.Hardware of(LifecycleService lifecycle, Fleet fleet, String clientId, long fromMillis,
      long toMillis, long nowMillis) {
    Map<String, String> hostnames = new HashMap<>();
    for (DeviceSnapshot d : fleet.snapshots()) {
      hostnames.put(d.deviceId(), d.identity().hostname());
    }
    List<MonthlyReport.HardwareRow> changes = new ArrayList<>();
    for (HardwareChange c : lifecycle.changesBetween(clientId, fromMillis, Math.min(toMillis, nowMillis + 1))) {
      changes.add(new MonthlyReport.HardwareRow(c.deviceId(), hostnames.get(c.deviceId()),
          Instant.ofEpochMilli(c.atMillis()), c.kind().wireName(), part(c.removed()), part(c.added()), c.failure()));
    }
    long asOf = Math.min(toMillis, nowMillis);
    List<MonthlyReport.LifetimeRow> models = rows(lifecycle.lifetimes(Lifetimes.GroupBy.MODEL, clientId, asOf));
    List<MonthlyReport.LifetimeRow> drives =
        rows(lifecycle.lifetimes(Lifetimes.GroupBy.DRIVE_MODEL, clientId, asOf));
    return new MonthlyReport.Hardware(changes, models, drives, explanation(models, drives));
  }

  private static String part(Part p) {
    if (p == null) {
      return null;
    }
    String model = p.model() == null || p.model().isBlank() ? "unknown model" : p.model();
    return p.serial() == null || p.serial().isBlank() ? model : model + " (" + p.serial() + ")";
  }

  private static List<MonthlyReport.LifetimeRow> rows(List<LifetimeRow> in) {
    List<MonthlyReport.LifetimeRow> out = new ArrayList<>();
    for (LifetimeRow r : in) {
      out.add(new MonthlyReport.LifetimeRow(r.group(), r.units(), r.failures(), r.censored(), r.unitSeconds(),
          r.mttfSeconds(), r.mttfLowerSeconds()));
    }
    return out;
  }

  /**
   * One sentence for the client: what MTTF is and how many units and failures the figures rest on, so that an MTTF
   * from two failures is read as the rough figure it is.
   */
  static String explanation(List<MonthlyReport.LifetimeRow> models, List<MonthlyReport.LifetimeRow> drives) {
    int units = 0;
    int failures = 0;
    int driveUnits = 0;
    int driveFailures = 0;
    for (MonthlyReport.LifetimeRow r : models) {
      units += r.units();
      failures += r.failures();
    }
    for (MonthlyReport.LifetimeRow r : drives) {
      driveUnits += r.units();
      driveFailures += r.failures();
    }
    return String.format(Locale.ROOT, "MTTF (mean time to failure) is how long a machine or drive of a model lasts, "
        + "on average, before it fails and has to be replaced: all the time the units of that model have been in "
        + "service, divided by the number that failed; these figures rest on %d %s with %d %s and %d %s with %d %s "
        + "(units still in service count their time so far), and the lower bound is the figure the true MTTF "
        + "exceeds with the report's confidence, so figures from few failures are rough.",
        units, units == 1 ? "machine" : "machines", failures, failures == 1 ? "failure" : "failures",
        driveUnits, driveUnits == 1 ? "drive" : "drives", driveFailures, driveFailures == 1 ? "failure" : "failures");
  }

  /** A lifetime for the client: hours under two days, days, years from two years; "no failures yet" without one. */
  static String lifetime(Double seconds) {
    if (seconds == null) {
      return "no failures yet";
    }
    Duration d = Duration.ofSeconds(Math.round(seconds));
    if (d.toHours() < 48) {
      return d.toHours() + " h";
    }
    long days = d.toDays();
    return days >= 730 ? String.format(Locale.ROOT, "%.1f years", days / 365.25) : days + " days";
  }
}
