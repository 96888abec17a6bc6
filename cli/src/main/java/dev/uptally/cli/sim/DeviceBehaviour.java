package dev.uptally.cli.sim;

import dev.uptally.common.device.DeviceClass;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Who a simulated device is and how it behaves. Rates are per day of physical time; probabilities are per
 * occasion (per evening, per Sunday). Immutable; generated reproducibly from a {@link FleetProfile}'s seed.
 *
 * @param nightlyOffProbability per evening: a workstation shuts down (reason {@code os}) until the next morning,
 *     a laptop goes to sleep (or, for non-sleepers, shuts down); 0 for servers
 * @param maintenanceRebootProbability per Sunday: a server reboots inside {@code SUN 02:00-04:00} local time
 * @param clockSkewMillis the device clock minus true time; every device-clock time and {@code sentAt} carry it
 * @param diesAtFraction null for a device that lives on; else it goes silent for good at this fraction of the
 *     first simulated period and stays silent
 * @param seed seeds the device's own random streams
 */
public record DeviceBehaviour(
    String deviceId,
    String clientId,
    DeviceClass deviceClass,
    String hostname,
    ZoneId zone,
    HardwareModel hardware,
    String serial,
    String driveSerial,
    String mac,
    String ipv4,
    double crashesPerDay,
    double nightlyOffProbability,
    boolean sleeper,
    double agentGapsPerWeek,
    double networkLossesPerDay,
    long clockSkewMillis,
    Double diesAtFraction,
    double maintenanceRebootProbability,
    HealthKnobs health,
    long seed) {

  public DeviceBehaviour {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(deviceClass, "deviceClass of " + deviceId);
    Objects.requireNonNull(zone, "zone of " + deviceId);
    Objects.requireNonNull(hardware, "hardware of " + deviceId);
    Objects.requireNonNull(health, "health of " + deviceId);
    if (hardware.deviceClass() != deviceClass) {
      throw new IllegalArgumentException(deviceId + ": a " + deviceClass + " cannot be a " + hardware.model());
    }
    requireProbability(deviceId, "nightlyOffProbability", nightlyOffProbability);
    requireProbability(deviceId, "maintenanceRebootProbability", maintenanceRebootProbability);
    if (crashesPerDay < 0 || agentGapsPerWeek < 0 || networkLossesPerDay < 0) {
      throw new IllegalArgumentException(deviceId + ": rates must not be negative: crashesPerDay=" + crashesPerDay
          + " agentGapsPerWeek=" + agentGapsPerWeek + " networkLossesPerDay=" + networkLossesPerDay);
    }
    if (diesAtFraction != null && !(diesAtFraction > 0 && diesAtFraction < 1)) {
      throw new IllegalArgumentException(deviceId + ": diesAtFraction must be in (0, 1): " + diesAtFraction);
    }
  }

  private static void requireProbability(String deviceId, String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(deviceId + ": " + name + " must be in [0, 1]: " + p);
    }
  }

  /**
   * Knobs of the health the device reports.
   *
   * @param cpuBase typical CPU usage 0..1 while in use
   * @param temperatureOffsetC added to the modelled CPU temperature (a clogged fan runs hot)
   * @param diskUsedAtStart used fraction of the system drive when the simulation starts
   * @param diskFillPerDay used fraction added per day
   * @param batteryHealthRatio full-charge / design capacity; null without a battery
   * @param batteryCycles charge cycles at the start; null without a battery
   */
  public record HealthKnobs(double cpuBase, double temperatureOffsetC, double diskUsedAtStart, double diskFillPerDay,
      Double batteryHealthRatio, Integer batteryCycles) {

    public HealthKnobs {
      if (!(diskUsedAtStart >= 0 && diskUsedAtStart < 1)) {
        throw new IllegalArgumentException("diskUsedAtStart must be in [0, 1): " + diskUsedAtStart);
      }
      if (!(cpuBase >= 0 && cpuBase <= 1)) {
        throw new IllegalArgumentException("cpuBase must be in [0, 1]: " + cpuBase);
      }
    }
  }
}
