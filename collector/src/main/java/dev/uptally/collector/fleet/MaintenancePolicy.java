package dev.uptally.collector.fleet;

/** Which times are planned maintenance for a device (from its client's contract). Thread-safe. */
public interface MaintenancePolicy {

  MaintenancePolicy NONE = (device, millis) -> false;

  /** True when {@code millis} lies inside one of the device's maintenance windows. */
  boolean inMaintenance(DeviceIdentity device, long millis);
}
