package dev.uptally.collector.fleet;

import java.util.Locale;

/** Why a device left service (the design's lifecycle): only {@link #FAILED} ends a lifetime as a failure. */
public enum RetirementReason {
  /** It broke and was not repaired: a failure of its hardware model. */
  FAILED,
  /** Swapped for another machine while it still worked (a refresh): a censored lifetime. */
  REPLACED,
  /** Taken out of service without a successor: a censored lifetime. */
  DECOMMISSIONED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the value and the ones there are */
  public static RetirementReason fromWire(String s) {
    for (RetirementReason r : values()) {
      if (r.wireName().equals(s)) {
        return r;
      }
    }
    throw new IllegalArgumentException("'" + s + "' is not a retirement reason (expected failed, replaced or"
        + " decommissioned)");
  }
}
