package dev.uptally.collector.report;

import dev.uptally.collector.html.Html;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Human formatting for the HTML report: escaping, percentages, durations, local times. Stateless. */
final class ReportText {

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("d MMM uuuu HH:mm z", Locale.ENGLISH);

  private ReportText() {}

  /** Escapes text for HTML element content and double-quoted attributes. */
  static String esc(String s) {
    return Html.escape(s);
  }

  /** A ratio as a percentage with 3 decimals, truncated so a value under a threshold never shows as reaching it. */
  static String percent(Double ratio) {
    if (ratio == null) {
      return "–";
    }
    return BigDecimal.valueOf(ratio).multiply(BigDecimal.valueOf(100)).setScale(3, RoundingMode.DOWN).toPlainString()
        + " %";
  }

  static String target(Double percent) {
    return percent == null ? "–" : BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString() + " %";
  }

  /** {@code 2 d 4 h}, {@code 3 h 12 min}, {@code 12 min 5 s}, {@code 40 s}. */
  static String duration(Double seconds) {
    if (seconds == null) {
      return "–";
    }
    long s = Math.round(seconds);
    if (s >= 86_400) {
      return s / 86_400 + " d " + (s % 86_400) / 3600 + " h";
    }
    if (s >= 3600) {
      return s / 3600 + " h " + (s % 3600) / 60 + " min";
    }
    if (s >= 60) {
      return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
    return s + " s";
  }

  static String duration(long seconds) {
    return duration((double) seconds);
  }

  static String local(Instant t, ZoneId zone) {
    return t == null ? "–" : LOCAL.format(t.atZone(zone));
  }

  /** {@code HH:mm} in the zone, empty for null. */
  static String time(Instant t, ZoneId zone) {
    return t == null ? "" : DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH).format(t.atZone(zone));
  }

  static String stamp(Instant t, ZoneId zone) {
    return STAMP.format(t.atZone(zone));
  }

  static String money(BigDecimal amount) {
    return String.format(Locale.ENGLISH, "%,.2f", amount);
  }

  static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }
}
