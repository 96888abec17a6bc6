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

  /**
   * A class's {@code deviceDown} rule: the incident's priority, and how long the device must have been down, counted
   * in {@code calendar} time, before it opens (zero: at once). A device down outside the calendar waits for it: a
   * laptop rule {@code {priority: P4, after: 4h, calendar: business-hours}} opens for a laptop silent from Friday
   * 17:00 on Monday at 11:00 if it is still down, and never for one that slept over the weekend.
   */
  public record DeviceDown(String priority, Duration after, String calendar) {
    public DeviceDown {
      after = after == null ? Duration.ZERO : after;
      calendar = calendar == null ? "24x7" : calendar;
    }

    /** At once, whatever the time: the short form {@code laptop: P4}. */
    public static DeviceDown at(String priority) {
      return new DeviceDown(priority, Duration.ZERO, "24x7");
    }

    public boolean immediate() {
      return after.isZero() && "24x7".equals(calendar);
    }
  }

  /** Each rule may be null (not configured). */
  public record Rules(
      Map<DeviceClass, DeviceDown> deviceDown,
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
