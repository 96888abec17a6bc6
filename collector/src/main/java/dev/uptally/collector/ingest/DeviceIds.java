package dev.uptally.collector.ingest;

import java.util.regex.Pattern;

/** What a device id may look like: 1–128 characters of letters, digits and {@code . _ : -}. */
final class DeviceIds {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private DeviceIds() {}

  static void check(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw IngestException.badRequest(field + " is missing");
    }
    if (!ID.matcher(value).matches()) {
      throw IngestException.badRequest(field + " '" + abbreviate(value)
          + "' is not a device id (1-128 characters of letters, digits and . _ : -)");
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
