package dev.uptally.common.device;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a device was {@code down} (see the design's timeline table). */
public enum OutageCause {
  /** New boot without an orderly shutdown before it. */
  CRASH,
  /** New boot after an orderly shutdown. */
  SHUTDOWN,
  /** Nothing heard for longer than grace and nothing known yet. */
  SILENT;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static OutageCause fromWire(String value) {
    for (OutageCause c : values()) {
      if (c.wireName().equals(value)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown outage cause '" + value + "' (expected crash, shutdown or silent)");
  }
}
