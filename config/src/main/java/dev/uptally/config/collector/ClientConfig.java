package dev.uptally.config.collector;

import java.time.ZoneId;
import java.util.List;

/** A client (tenant) of the MSP. {@link #toString()} never shows enrollment tokens. */
public record ClientConfig(String id, String name, ZoneId timezone, String contract, List<String> enrollmentTokens) {

  public ClientConfig {
    enrollmentTokens = List.copyOf(enrollmentTokens);
  }

  @Override
  public String toString() {
    return "ClientConfig[id=" + id + ", name=" + name + ", timezone=" + timezone + ", contract=" + contract
        + ", enrollmentTokens=" + enrollmentTokens.size() + "]";
  }
}
