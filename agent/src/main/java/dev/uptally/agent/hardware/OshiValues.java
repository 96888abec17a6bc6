package dev.uptally.agent.hardware;

import dev.uptally.common.protocol.WireLimits;
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
    return v.length() <= WireLimits.MAX_TEXT_CHARS ? v : v.substring(0, WireLimits.MAX_TEXT_CHARS);
  }

  /** The first entries of a list, as many as the collector accepts (it refuses a longer list whole). */
  static <T> java.util.List<T> atMost(java.util.List<T> values, int max) {
    return values.size() <= max ? values : java.util.List.copyOf(values.subList(0, max));
  }

  /** A battery's full-charge over design capacity, or null where firmware reports nonsense. */
  static Double healthRatio(long maxCapacity, long designCapacity) {
    if (maxCapacity <= 0 || designCapacity <= 0) {
      return null;
    }
    double ratio = (double) maxCapacity / designCapacity;
    return ratio <= WireLimits.MAX_BATTERY_HEALTH_RATIO ? ratio : null;
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
