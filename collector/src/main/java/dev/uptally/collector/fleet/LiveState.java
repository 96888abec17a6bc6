package dev.uptally.collector.fleet;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A device's state now, as the API and metrics report it. */
public enum LiveState {
  UP,
  DOWN,
  ASLEEP,
  UNKNOWN,
  MAINTENANCE,
  /** Out of service ({@link Retirement}): listed only when asked for, no metrics series. */
  RETIRED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the value */
  public static LiveState fromWire(String s) {
    for (LiveState v : values()) {
      if (v.wireName().equals(s)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown state '" + s + "' (expected up, down, asleep, unknown, maintenance or retired)");
  }
}
