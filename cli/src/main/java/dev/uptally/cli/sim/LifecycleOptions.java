package dev.uptally.cli.sim;

import java.util.Objects;

/**
 * How often simulated hardware reaches the end of its life, as Poisson rates per day of physical time, and the API
 * token (role operator or admin) the simulator retires devices with. Without these options (the default) a
 * simulated fleet never changes its hardware.
 *
 * <p>Real-world rates are far too low for a demo to show anything in a week (SSDs fail at about 0.5–1 % a year), so
 * {@link #demo} accelerates them to give a ~300-device fleet a few drive swaps, one or two laptops that break down and
 * about one decommissioned machine per simulated week.
 *
 * @param driveFailuresPerDay per device: its system drive fails; the machine crashes and is down until a technician
 *     fits a new drive (4–30 h later), and its next inventory lists the new serial (40 % of the time another drive
 *     model of its class)
 * @param laptopBreakdownsPerDay per laptop: it dies for good; 20–72 h later the operator retires it as {@code failed}
 *     (at the time it died) and a new laptop with the same hostname enrolls as a new device and takes over
 * @param decommissionsPerDay per workstation or laptop: it is shut down for good and retired as {@code
 *     decommissioned} at that time, with no replacement
 */
public record LifecycleOptions(String apiToken, double driveFailuresPerDay, double laptopBreakdownsPerDay,
    double decommissionsPerDay) {

  public LifecycleOptions {
    Objects.requireNonNull(apiToken, "apiToken (operator role) to retire devices with");
    if (!(driveFailuresPerDay >= 0 && laptopBreakdownsPerDay >= 0 && decommissionsPerDay >= 0)) {
      throw new IllegalArgumentException("lifecycle rates must not be negative: driveFailuresPerDay="
          + driveFailuresPerDay + " laptopBreakdownsPerDay=" + laptopBreakdownsPerDay + " decommissionsPerDay="
          + decommissionsPerDay);
    }
  }

  /**
   * The demo's rates: 0.002 drive failures per device and day (4.3 expected in 7 days of the 305-device demo fleet),
   * 0.0015 breakdowns per laptop and day (1.4 expected of 135 laptops) and 0.0005 decommissions per workstation or
   * laptop and day (1.0 expected of 290).
   */
  public static LifecycleOptions demo(String apiToken) {
    return new LifecycleOptions(apiToken, 0.002, 0.0015, 0.0005);
  }

  @Override
  public String toString() {
    return "LifecycleOptions[apiToken=***, driveFailuresPerDay=" + driveFailuresPerDay + ", laptopBreakdownsPerDay="
        + laptopBreakdownsPerDay + ", decommissionsPerDay=" + decommissionsPerDay + "]";
  }
}
