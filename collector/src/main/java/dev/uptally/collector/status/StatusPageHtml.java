package dev.uptally.collector.status;

import dev.uptally.collector.html.Html;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * A status page as a complete HTML document without any script or inline style (the collector's
 * Content-Security-Policy allows neither): its styles are {@code /status.css}, and it reloads itself every
 * {@link StatusSnapshot#refreshSeconds()} with a meta refresh. English only, as the monthly report.
 */
public final class StatusPageHtml {

  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM uuuu", Locale.ENGLISH);
  private static final DateTimeFormatter UPDATED = DateTimeFormatter.ofPattern("d MMMM uuuu 'at' HH:mm zzz",
      Locale.ENGLISH);
  private static final Map<String, String> CLASS_NAMES = Map.of("server", "Servers", "workstation", "Desktop computers",
      "laptop", "Laptops");

  private StatusPageHtml() {}

  public static String render(StatusSnapshot s) {
    StringBuilder b = new StringBuilder(4096);
    String name = esc(s.clientName());
    b.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"color-scheme\" content=\"light dark\">\n")
        .append("<meta http-equiv=\"refresh\" content=\"").append(s.refreshSeconds()).append("\">\n")
        .append("<title>").append(name).append(" — service status</title>\n")
        .append("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\n")
        .append("<link rel=\"stylesheet\" href=\"/status.css\">\n</head>\n<body>\n<main class=\"status-page\">\n")
        .append("<p class=\"kicker\">Service status</p>\n<h1 data-testid=\"status-name\">").append(name)
        .append("</h1>\n");
    machines(b, s.machines());
    availability(b, s);
    String updated = UPDATED.format(s.updatedAt().atZone(ZoneId.of(s.timezone())));
    b.append("<p class=\"updated\" data-testid=\"status-updated\">Updated ").append(esc(updated))
        .append(". The figures are recalculated at most every ").append(duration(s.refreshSeconds()))
        .append(" and this page reloads itself.</p>\n")
        .append("<p class=\"about\">Availability is the share of the time the machines of a kind were expected "
            + "to be running (by the service agreement's hours) that they were running. Machines that were shut "
            + "down properly or put to sleep are not counted as down.</p>\n")
        .append("</main>\n</body>\n</html>\n");
    return b.toString();
  }

  private static void machines(StringBuilder b, StatusSnapshot.Machines m) {
    String headline;
    String tone;
    if (m.total() == 0) {
      headline = "No machines are being monitored yet.";
      tone = "none";
    } else if (m.down() == 0) {
      headline = "All machines are working normally.";
      tone = "ok";
    } else {
      headline = m.down() == 1 ? "1 machine is down." : m.down() + " machines are down.";
      tone = "down";
    }
    b.append("<p class=\"headline headline-").append(tone).append("\" data-testid=\"status-headline\">")
        .append(headline).append("</p>\n")
        .append("<section aria-labelledby=\"now-title\">\n<h2 id=\"now-title\">Machines right now</h2>\n")
        .append("<ul class=\"counts\" data-testid=\"status-machines\">\n");
    count(b, "up", m.up(), "running");
    count(b, "off", m.expectedOff(), "off as expected (shut down, asleep or in maintenance)");
    count(b, "down", m.down(), "down");
    if (m.unknown() > 0) {
      count(b, "unknown", m.unknown(), "not heard from yet");
    }
    b.append("</ul>\n</section>\n");
  }

  private static void count(StringBuilder b, String kind, int n, String label) {
    b.append("<li class=\"count count-").append(kind).append("\" data-testid=\"count-").append(kind)
        .append("\"><strong>").append(n).append("</strong> ").append(label).append("</li>\n");
  }

  private static void availability(StringBuilder b, StatusSnapshot s) {
    b.append("<section aria-labelledby=\"availability-title\">\n<h2 id=\"availability-title\">Availability</h2>\n");
    if (s.classes().isEmpty()) {
      b.append("<p>No availability measured yet.</p>\n</section>\n");
      return;
    }
    b.append("<table class=\"availability\" data-testid=\"status-availability\">\n<thead><tr><th scope=\"col\">"
        + "Machines</th><th scope=\"col\">").append(esc(MONTH.format(YearMonth.parse(s.thisMonth()))))
        .append(" (so far)</th><th scope=\"col\">").append(esc(MONTH.format(YearMonth.parse(s.lastMonth()))))
        .append("</th></tr></thead>\n<tbody>\n");
    for (StatusSnapshot.ClassAvailability c : s.classes()) {
      b.append("<tr data-class=\"").append(esc(c.deviceClass())).append("\"><th scope=\"row\">")
          .append(esc(CLASS_NAMES.getOrDefault(c.deviceClass(), c.deviceClass()))).append("</th><td>")
          .append(percent(c.thisMonth())).append("</td><td>").append(percent(c.lastMonth())).append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n</section>\n");
  }

  /**
   * Two decimals, rounded down, so that a month with any downtime never reads 100.00 %; "—" when nothing was measured.
   */
  static String percent(Double ratio) {
    if (ratio == null) {
      return "—";
    }
    return String.format(Locale.ROOT, "%.2f %%", Math.floor(ratio * 10_000 + 1e-9) / 100);
  }

  private static String duration(long seconds) {
    if (seconds % 60 == 0) {
      long minutes = seconds / 60;
      return minutes == 1 ? "minute" : minutes + " minutes";
    }
    return seconds + " seconds";
  }

  static String esc(String s) {
    return Html.escape(s);
  }
}
