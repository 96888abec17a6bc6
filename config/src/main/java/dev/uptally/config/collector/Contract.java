package dev.uptally.config.collector;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.device.OutageCause;
import dev.uptally.config.schedule.WeeklySchedule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What an MSP promised a client and what the client promised back. Immutable. */
public record Contract(
    String name,
    double monthlyFee,
    Map<DeviceClass, AvailabilityTarget> availability,
    List<PatchWindow> patchWindows,
    List<MaintenanceWindow> maintenance,
    Map<String, Priority> priorities,
    double escalateAt,
    Rules rules,
    List<CreditTier> credits) {

  public Contract {
    availability = Map.copyOf(availability);
    patchWindows = List.copyOf(patchWindows);
    maintenance = List.copyOf(maintenance);
    priorities = Map.copyOf(priorities);
    credits = List.copyOf(credits);
  }

  /**
   * The service-credit tiers for a device class: its own ({@code availability.<class>.credits}) when the contract
   * sets them, else the contract-wide {@link #credits()}. Either way they apply only to a class that missed its
   * target (DESIGN.md, "Service credits"); a class without a target has none to miss and earns no credit.
   */
  public List<CreditTier> creditTiers(DeviceClass deviceClass) {
    AvailabilityTarget t = availability.get(deviceClass);
    return t != null && t.credits() != null ? t.credits() : credits;
  }

  /**
   * @param targetPercent e.g. 99.9
   * @param calendar a calendar name ({@code 24x7} built in)
   * @param credits the class's own credit tiers, in the shape of {@link Contract#credits()}; null when the class sets
   *     none, so the contract-wide ones apply (an empty list: this class earns no credit)
   */
  public record AvailabilityTarget(double targetPercent, String calendar, Set<OutageCause> counts,
      List<CreditTier> credits) {
    public AvailabilityTarget {
      counts = Set.copyOf(counts);
      credits = credits == null ? null : List.copyOf(credits);
    }

    /** A target without credit tiers of its own (the contract-wide ones apply). */
    public AvailabilityTarget(double targetPercent, String calendar, Set<OutageCause> counts) {
      this(targetPercent, calendar, counts, null);
    }
  }

  public record PatchWindow(WeeklySchedule schedule, Duration minOnline, Set<DeviceClass> classes) {
    public PatchWindow {
      classes = Set.copyOf(classes);
    }
  }

  public record MaintenanceWindow(WeeklySchedule schedule, Set<DeviceClass> classes) {
    public MaintenanceWindow {
      classes = Set.copyOf(classes);
    }
  }

  public record Priority(Duration response, Duration resolution, String calendar) {}

  /** Each rule may be null (not configured). */
  public record Rules(
      Map<DeviceClass, String> deviceDown,
      DiskFull diskFull,
      Temperature temperature,
      BatteryWorn batteryWorn,
      PatchWindowMissed patchWindowMissed) {
    public Rules {
      deviceDown = deviceDown == null ? Map.of() : Map.copyOf(deviceDown);
    }
  }

  /** @param above used ratio 0..1 */
  public record DiskFull(double above, String priority) {}

  public record Temperature(double aboveC, String priority) {}

  public record BatteryWorn(double healthBelow, String priority) {}

  public record PatchWindowMissed(String priority) {}

  /** Availability (percent) strictly below {@code availabilityBelow} earns {@code percent} of the fee. */
  public record CreditTier(double availabilityBelow, double percent) {}
}
