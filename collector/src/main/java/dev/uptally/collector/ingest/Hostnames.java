package dev.uptally.collector.ingest;

import dev.uptally.common.protocol.WireLimits;

/**
 * Hostnames as an agent reports them are shown on the dashboard, in reports and as Prometheus label values: control
 * characters (C0, DEL, C1, NUL), format characters (bidirectional overrides, zero-width marks) and line separators
 * are removed, surrounding white space trimmed, and the result cut to {@value WireLimits#MAX_HOSTNAME_CHARS}
 * characters (the DNS maximum) without splitting a surrogate pair. Nothing left is a {@code 400}.
 */
final class Hostnames {

  private Hostnames() {}

  static String clean(String hostname) {
    if (hostname == null) {
      throw IngestException.badRequest("hostname is missing");
    }
    String cleaned = printable(hostname).strip();
    if (cleaned.isEmpty()) {
      throw IngestException.badRequest("hostname is empty" + (hostname.isEmpty() ? "" : " once control characters"
          + " and surrounding spaces are removed"));
    }
    if (cleaned.length() <= WireLimits.MAX_HOSTNAME_CHARS) {
      return cleaned;
    }
    int end = WireLimits.MAX_HOSTNAME_CHARS;
    if (Character.isHighSurrogate(cleaned.charAt(end - 1))) {
      end--;
    }
    return cleaned.substring(0, end).strip();
  }

  /** {@code s} without control, format and separator characters other than the plain space. */
  static String printable(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (unprintable(c)) {
        if (out == null) {
          out = new StringBuilder(s.length()).append(s, 0, i);
        }
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  private static boolean unprintable(char c) {
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
