package dev.uptally.agent.hardware;

import java.util.Locale;

/** OSHI's conventions for "could not read" (empty, "unknown", 0, negative, NaN) turned into null. */
final class OshiValues {

  private OshiValues() {}

  static String text(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (v.isEmpty() || v.equalsIgnoreCase("unknown") || v.equalsIgnoreCase("none")
        || v.toLowerCase(Locale.ROOT).contains("to be filled by o.e.m")) {
      return null;
    }
    return v;
  }

  static Long positive(long value) {
    return value > 0 ? value : null;
  }

  static Integer positive(int value) {
    return value > 0 ? value : null;
  }

  static Integer nonNegative(int value) {
    return value >= 0 ? value : null;
  }

  /** A temperature in °C, or null for OSHI's 0 / NaN / out-of-range readings. */
  static Double celsius(double value) {
    return Double.isFinite(value) && value > 0 && value < 150 ? value : null;
  }

  static Double ratio(double value) {
    return Double.isFinite(value) && value >= 0 && value <= 1 ? value : null;
  }

  static Double finiteNonNegative(double value) {
    return Double.isFinite(value) && value >= 0 ? value : null;
  }
}
