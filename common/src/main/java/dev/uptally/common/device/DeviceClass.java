package dev.uptally.common.device;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What kind of machine a device is; contracts set targets and counted causes per class. */
public enum DeviceClass {
  SERVER,
  WORKSTATION,
  LAPTOP;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the value when it is not a class */
  @JsonCreator
  public static DeviceClass fromWire(String value) {
    for (DeviceClass c : values()) {
      if (c.wireName().equals(value)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown device class '" + value + "' (expected server, workstation or laptop)");
  }
}
