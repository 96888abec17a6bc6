package dev.uptally.agent.identity;

import java.util.Objects;

/** The secret the collector issued at enrollment. {@link #toString()} never shows it. */
public record DeviceToken(String value) {

  public DeviceToken {
    Objects.requireNonNull(value, "device token");
    if (value.isBlank()) {
      throw new IllegalArgumentException("device token is blank");
    }
  }

  @Override
  public String toString() {
    return "DeviceToken[redacted]";
  }
}
