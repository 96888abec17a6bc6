package dev.uptally.agent.hardware;

import dev.uptally.common.device.DeviceClass;
import java.util.Locale;

/**
 * Turns the configured {@code deviceClass} into a {@link DeviceClass}. {@code auto} (or nothing)
 * means: a battery makes a laptop, else a server OS makes a server, else a workstation.
 */
public final class DeviceClassResolver {

  private DeviceClassResolver() {}

  /** @throws IllegalArgumentException naming the value when it is neither a class nor {@code auto} */
  public static DeviceClass resolve(String configured, HardwareReader hardware) {
    String value = configured == null ? "auto" : configured.trim().toLowerCase(Locale.ROOT);
    if (!value.equals("auto")) {
      try {
        return DeviceClass.fromWire(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("deviceClass '" + configured
            + "' is not one of server, workstation, laptop, auto", e);
      }
    }
    if (hardware.hasBattery()) {
      return DeviceClass.LAPTOP;
    }
    return hardware.isServerOs() ? DeviceClass.SERVER : DeviceClass.WORKSTATION;
  }
}
