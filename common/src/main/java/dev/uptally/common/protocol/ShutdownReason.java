package dev.uptally.common.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why an orderly {@code shutdown} happened: the operating system went down, or only the agent stopped. */
public enum ShutdownReason {
  OS("os"),
  AGENT("agent");

  private final String wireName;

  ShutdownReason(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static ShutdownReason fromWire(String value) {
    for (ShutdownReason r : values()) {
      if (r.wireName.equals(value)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown shutdown reason '" + value + "' (expected os or agent)");
  }
}
