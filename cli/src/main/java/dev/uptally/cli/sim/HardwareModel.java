package dev.uptally.cli.sim;

import dev.uptally.common.device.DeviceClass;
import java.util.Objects;

/**
 * A hardware model a simulated device can be: what its inventory says, and how crash-prone the model is, so that
 * reliability grouped by model has visible differences.
 *
 * @param crashFactor multiplies a device's base crash rate (1.0 = average)
 * @param memoryBytes installed memory
 * @param driveSizeBytes size of the one system drive
 */
public record HardwareModel(DeviceClass deviceClass, String manufacturer, String model, String cpuName,
    int physicalCores, int logicalCores, long memoryBytes, String driveModel, long driveSizeBytes, String osFamily,
    String osVersion, double crashFactor) {

  public HardwareModel {
    Objects.requireNonNull(deviceClass, "deviceClass");
    Objects.requireNonNull(model, "model");
    if (crashFactor <= 0) {
      throw new IllegalArgumentException("crashFactor of " + model + " must be positive: " + crashFactor);
    }
    if (physicalCores <= 0 || logicalCores < physicalCores) {
      throw new IllegalArgumentException("cores of " + model + ": physical " + physicalCores + ", logical "
          + logicalCores);
    }
  }

  public boolean hasBattery() {
    return deviceClass == DeviceClass.LAPTOP;
  }
}
