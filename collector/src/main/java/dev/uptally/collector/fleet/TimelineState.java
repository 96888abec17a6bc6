package dev.uptally.collector.fleet;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** State of a timeline interval (see the design's timeline table). Maintenance is an overlay, not a state. */
public enum TimelineState {
  UP,
  DOWN,
  ASLEEP,
  UNKNOWN;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TimelineState fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
