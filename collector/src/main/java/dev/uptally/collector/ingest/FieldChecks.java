package dev.uptally.collector.ingest;

import dev.uptally.common.protocol.WireLimits;
import java.util.List;

/**
 * Range checks of single wire values, each refusing with a {@code 400} that names the field and the bound. Every
 * check runs before any arithmetic on the value, so that no later difference or shift can overflow.
 */
final class FieldChecks {

  private FieldChecks() {}

  // Each check names the field as at + field, where at is a String or a FieldPath (samples[3].health) and field a
  // constant (.cpu.usage): the name is put together only when the check refuses the value.

  /** A required epoch-millisecond time within {@link WireLimits#MAX_EPOCH_MILLIS}. */
  static long epochMillis(String field, Long value) {
    return epochMillis("", field, value);
  }

  static long epochMillis(Object at, String field, Long value) {
    if (value == null) {
      throw IngestException.badRequest(at + field + " is missing (epoch milliseconds)");
    }
    if (value < 0 || value > WireLimits.MAX_EPOCH_MILLIS) {
      throw IngestException.badRequest(at + field + " " + value + " is not a time: expected epoch milliseconds"
          + " between 0 and " + WireLimits.MAX_EPOCH_MILLIS + " (year 9999)");
    }
    return value;
  }

  /** An optional epoch-millisecond time: null stays null. */
  static void optionalEpochMillis(Object at, String field, Long value) {
    if (value != null) {
      epochMillis(at, field, value);
    }
  }

  /** A count in [0, {@link WireLimits#MAX_SEQ}] (seq, dropped samples). */
  static long count(String field, Long value) {
    return count("", field, value);
  }

  static long count(Object at, String field, Long value) {
    if (value == null) {
      throw IngestException.badRequest(at + field + " is missing");
    }
    if (value < 0 || value > WireLimits.MAX_SEQ) {
      throw IngestException.badRequest(at + field + " " + value + " is out of range: expected 0.."
          + WireLimits.MAX_SEQ + " (2^53 - 1)");
    }
    return value;
  }

  /** An optional number within [min, max]; NaN and infinities are outside every range. */
  static void range(Object at, String field, Number value, double min, double max, String unit) {
    if (value == null) {
      return;
    }
    double v = value.doubleValue();
    if (!(v >= min && v <= max)) { // also false for NaN
      throw IngestException.badRequest(at + field + " " + value + " is out of range: expected " + plain(min) + ".."
          + plain(max) + (unit.isEmpty() ? "" : " " + unit));
    }
  }

  /** An optional number that is finite and not negative. */
  static void nonNegative(Object at, String field, Number value, String unit) {
    if (value != null && !(value.doubleValue() >= 0 && value.doubleValue() <= Double.MAX_VALUE)) {
      throw IngestException.badRequest(at + field + " " + value + " is out of range: expected a finite number of at"
          + " least 0" + (unit.isEmpty() ? "" : " " + unit));
    }
  }

  /** An optional string of at most {@code max} characters. */
  static void text(Object at, String field, String value, int max) {
    if (value != null && value.length() > max) {
      throw IngestException.badRequest(at + field + " has " + value.length() + " characters; at most " + max);
    }
  }

  /** A list of at most {@code max} entries, none of them null. */
  static void entries(Object at, String field, List<?> values, int max) {
    if (values.size() > max) {
      throw IngestException.badRequest(at + field + " has " + values.size() + " entries; at most " + max);
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        throw IngestException.badRequest(at + field + "[" + i + "] is null");
      }
    }
  }

  private static String plain(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
