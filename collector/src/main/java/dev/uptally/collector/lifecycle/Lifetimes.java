package dev.uptally.collector.lifecycle;

import dev.uptally.collector.fleet.TimedInventory;
import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.RetirementReason;
import dev.uptally.common.protocol.Inventory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Lifetimes of parts that are replaced, not repaired (the design's non-repairable MTTF). A device lives from its
 * timeline's start to its retirement — retired as {@code failed} is a failure, any other end (in service, replaced,
 * decommissioned) censored at its retirement or at now. A drive lives from the first inventory that lists its serial
 * to the hardware change that removed it — a failure when that change is (by default a replacement is; an operator may
 * correct it), censored otherwise — or, still fitted, is censored at its device's retirement or now. Pure; thread-safe.
 */
public final class Lifetimes {

  /** How units are grouped. */
  public enum GroupBy {
    MODEL,
    DRIVE_MODEL;

    /** @throws IllegalArgumentException naming the value */
    public static GroupBy fromWire(String s) {
      return switch (s) {
        case "model" -> MODEL;
        case "driveModel" -> DRIVE_MODEL;
        default -> throw new IllegalArgumentException("groupBy must be model or driveModel, not '" + s + "'");
      };
    }
  }

  /** One unit's observed life. */
  record Unit(String group, long startMillis, long endMillis, boolean failed) {}

  private final double confidence;

  public Lifetimes(double confidence) {
    this.confidence = confidence;
  }

  /**
   * @param devices the devices to count (already filtered by client)
   * @param inventories inventory histories by device id
   * @param corrections hardware-change corrections by change id
   */
  public List<LifetimeRow> rows(GroupBy groupBy, Iterable<DeviceSnapshot> devices,
      Map<String, List<TimedInventory>> inventories, Map<String, Correction> corrections, long nowMillis) {
    List<Unit> units = new ArrayList<>();
    for (DeviceSnapshot d : devices) {
      DeviceProgress p = d.progress();
      if (!p.hasSamples() && !p.retired()) {
        continue; // enrolled, never heard from: no life observed yet
      }
      boolean retiredBy = p.retired() && p.retirement().atMillis() <= nowMillis; // "now" may be a month's end
      long end = retiredBy ? p.retirement().atMillis() : nowMillis;
      if (groupBy == GroupBy.MODEL) {
        long start = p.hasSamples() ? p.startMillis() : d.identity().enrolledAtMillis();
        if (end > start) {
          units.add(new Unit(model(d.inventory()), start, end,
              retiredBy && p.retirement().reason() == RetirementReason.FAILED));
        }
      } else {
        drives(d.deviceId(), inventories.getOrDefault(d.deviceId(), List.of()), corrections, end, units);
      }
    }
    return pool(units);
  }

  private static void drives(String deviceId, List<TimedInventory> history, Map<String, Correction> corrections,
      long deviceEndMillis, List<Unit> out) {
    Map<String, long[]> fittedSince = new HashMap<>(); // serial → first seen
    Map<String, String> models = new HashMap<>();
    Map<String, HardwareChange> removedBy = new HashMap<>();
    for (int i = 0; i < history.size(); i++) {
      TimedInventory r = history.get(i);
      if (i > 0) {
        for (HardwareChange c : HardwareChanges.between(deviceId, history.get(i - 1).inventory(), r)) {
          HardwareChange corrected = c.corrected(corrections.get(c.id()));
          if (c.removed() != null && c.kind() != HardwareChange.Kind.BOARD_REPLACED) {
            removedBy.put(c.removed().serial(), corrected);
          }
        }
      }
      for (Map.Entry<String, Part> e : HardwareChanges.drives(r.inventory()).entrySet()) {
        models.putIfAbsent(e.getKey(), e.getValue().model());
        fittedSince.putIfAbsent(e.getKey(), new long[] {r.atMillis()});
      }
      for (Map.Entry<String, HardwareChange> gone : new ArrayList<>(removedBy.entrySet())) {
        long[] since = fittedSince.remove(gone.getKey());
        if (since != null) {
          HardwareChange c = gone.getValue();
          boolean inService = c.atMillis() <= deviceEndMillis;
          long end = inService ? c.atMillis() : deviceEndMillis;
          if (end > since[0]) {
            out.add(new Unit(group(models.get(gone.getKey())), since[0], end, inService && c.failure()));
          }
        }
        removedBy.remove(gone.getKey());
      }
    }
    for (Map.Entry<String, long[]> still : fittedSince.entrySet()) {
      long start = still.getValue()[0];
      if (deviceEndMillis > start) {
        out.add(new Unit(group(models.get(still.getKey())), start, deviceEndMillis, false));
      }
    }
  }

  private List<LifetimeRow> pool(List<Unit> units) {
    Map<String, long[]> byGroup = new TreeMap<>(); // units, failures, total millis
    for (Unit u : units) {
      long[] g = byGroup.computeIfAbsent(u.group(), k -> new long[3]);
      g[0]++;
      g[1] += u.failed() ? 1 : 0;
      g[2] += u.endMillis() - u.startMillis();
    }
    List<LifetimeRow> rows = new ArrayList<>();
    byGroup.forEach((group, g) -> {
      int n = (int) g[0];
      int f = (int) g[1];
      double seconds = g[2] / 1000.0;
      double quantile = ChiSquaredDistribution.of(2.0 * f + 2).inverseCumulativeProbability(confidence);
      rows.add(new LifetimeRow(group, n, f, n - f, g[2] / 1000, f == 0 ? null : seconds / f, 2 * seconds / quantile,
          confidence));
    });
    return rows;
  }

  /** {@code manufacturer model} of the newest inventory, as the reliability figures group by model. */
  static String model(Inventory inv) {
    if (inv == null || inv.hardware() == null || inv.hardware().model() == null) {
      return "unknown";
    }
    String m = inv.hardware().model();
    return inv.hardware().manufacturer() == null ? m : inv.hardware().manufacturer() + " " + m;
  }

  private static String group(String driveModel) {
    return driveModel == null || driveModel.isBlank() ? "unknown" : driveModel;
  }
}
