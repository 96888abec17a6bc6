package dev.uptally.collector.report;

import static dev.uptally.collector.report.ReportText.duration;
import static dev.uptally.collector.report.ReportText.esc;
import static dev.uptally.collector.report.ReportText.local;
import static dev.uptally.collector.report.ReportText.percent;
import static dev.uptally.collector.report.ReportText.target;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/** The sections of {@link ReportHtml}, each appending one {@code <section>}. */
final class ReportHtmlSections {

  private ReportHtmlSections() {}

  static void summary(StringBuilder b, MonthlyReport r) {
    long rated = r.classes().stream().filter(c -> c.meetsTarget() != null).count();
    long met = r.classes().stream().filter(c -> Boolean.TRUE.equals(c.meetsTarget())).count();
    int windows = r.patchWindows().stream().mapToInt(MonthlyReport.PatchDeviceRow::windows).sum();
    long breaches = r.incidents().stream().filter(i -> i.responseBreached() || i.resolutionBreached()).count();
    b.append("<section><h2>Summary</h2><div class=\"cards\">");
    card(b, Integer.toString(r.devices().size()), "machines covered", null);
    card(b, met + " of " + rated, "availability targets met", rated == met ? "ok" : "bad");
    card(b, ReportText.money(r.credits().total()), "service credit owed to you", r.credits().total().signum() == 0
        ? null : "bad");
    if (r.contractData()) {
      card(b, r.patchMisses().size() + " of " + windows, "patch windows missed", r.patchMisses().isEmpty() ? "ok" : "bad");
      card(b, r.incidents().size() + (breaches == 0 ? "" : " (" + breaches + " late)"), "incidents",
          breaches == 0 ? null : "bad");
    }
    b.append("</div>");
    for (MonthlyReport.ClassRow c : r.classes()) {
      if (c.meetsTarget() == null) {
        continue;
      }
      b.append("<p>").append(esc(plural(c.deviceClass()))).append(c.meetsTarget() ? " met" : " did not meet")
          .append(" their availability target of ").append(target(c.targetPercent())).append(" (achieved ")
          .append(percent(c.availability())).append(").</p>");
    }
    if (r.credits().total().signum() > 0) {
      b.append("<p>Under the contract's credit tiers, a service credit of <strong>")
          .append(ReportText.money(r.credits().total()))
          .append("</strong> applies to this month (see “Service credits” for the calculation).</p>");
    }
    if (r.contractData() && !r.patchMisses().isEmpty()) {
      b.append("<p>Some machines were switched off or asleep during the nightly patch window; please leave them on "
          + "so updates can install (see “Patch windows”).</p>");
    }
    b.append("</section>\n");
  }

  private static void card(StringBuilder b, String value, String label, String tone) {
    b.append("<div class=\"card\"><div class=\"v").append(tone == null ? "" : " " + tone).append("\">")
        .append(esc(value)).append("</div><div class=\"l\">").append(esc(label)).append("</div></div>");
  }

  static void chart(StringBuilder b, MonthlyReport r) {
    Double strictest = r.classes().stream().map(MonthlyReport.ClassRow::targetPercent)
        .filter(java.util.Objects::nonNull).max(Double::compare).orElse(null);
    b.append("<section><h2>Availability day by day</h2>").append(AvailabilityChart.svg(r.daily(), strictest))
        .append("<p class=\"legend\">Each column is one day: the share of contracted service time during which the "
            + "covered machines were up (all classes pooled).");
    if (strictest != null) {
      b.append(" Dashed line: the strictest target, ").append(target(strictest))
          .append("; red columns are days below it.");
    }
    b.append("</p></section>\n");
  }

  static void classes(StringBuilder b, MonthlyReport r) {
    b.append("<section><h2>Availability by kind of machine</h2><table><thead><tr><th>Kind</th><th class=\"n\">"
        + "Machines</th><th class=\"n\">Target</th><th class=\"n\">Achieved</th><th>Met</th><th class=\"n\">"
        + "Measured time</th><th class=\"n\">Downtime</th></tr></thead><tbody>");
    for (MonthlyReport.ClassRow c : r.classes()) {
      b.append("<tr><td>").append(esc(plural(c.deviceClass()))).append("</td><td class=\"n\">").append(c.devices())
          .append("</td><td class=\"n\">").append(target(c.targetPercent())).append("</td><td class=\"n\">")
          .append(percent(c.availability())).append("</td><td>").append(met(c.meetsTarget()))
          .append("</td><td class=\"n\">").append(duration(c.measuredSeconds())).append("</td><td class=\"n\">")
          .append(duration(c.downSeconds())).append("</td></tr>");
    }
    b.append("</tbody></table></section>\n");
  }

  static void credits(StringBuilder b, MonthlyReport r) {
    MonthlyReport.Credits c = r.credits();
    b.append("<section><h2>Service credits</h2><table><thead><tr><th>Kind</th><th class=\"n\">Availability</th>"
        + "<th class=\"n\">Tier applied</th><th class=\"n\">Credit</th><th class=\"n\">Amount</th></tr></thead><tbody>");
    for (CreditLine l : c.lines()) {
      b.append("<tr><td>").append(esc(plural(l.deviceClass()))).append("</td><td class=\"n\">")
          .append(l.availabilityPercent() == null ? "–" : l.availabilityPercent().toPlainString() + " %")
          .append("</td><td class=\"n\">").append(tierApplied(l)).append("</td><td class=\"n\">")
          .append(esc(String.format(Locale.ROOT, "%s %%", java.math.BigDecimal.valueOf(l.creditPercent())
              .stripTrailingZeros().toPlainString()))).append("</td><td class=\"n\">")
          .append(ReportText.money(l.amount())).append("</td></tr>");
    }
    b.append("<tr><td><strong>Total</strong></td><td></td><td></td><td></td><td class=\"n\"><strong>")
        .append(ReportText.money(c.total())).append("</strong></td></tr></tbody></table>");
    b.append("<div class=\"arith-block\"><p class=\"arith\">Monthly fee: ").append(ReportText.money(c.monthlyFee()))
        .append(".</p>");
    for (CreditLine l : c.lines()) {
      b.append("<p class=\"arith\">").append(esc(l.arithmetic())).append("</p>");
    }
    b.append("<p class=\"note\">").append(esc(c.rule())).append("</p></div></section>\n");
  }

  static void devices(StringBuilder b, MonthlyReport r) {
    b.append("<section><h2>Availability per machine</h2><table><thead><tr><th>Machine</th><th>Kind</th>"
        + "<th class=\"n\">Availability</th><th class=\"n\">Target</th><th>Met</th><th class=\"n\">Downtime</th>"
        + "<th class=\"n\">Failures</th><th class=\"n\">MTBF</th></tr></thead><tbody>");
    for (MonthlyReport.DeviceRow d : r.devices()) {
      b.append("<tr><td>").append(esc(name(d.hostname(), d.deviceId()))).append("</td><td>").append(esc(d.deviceClass()))
          .append("</td><td class=\"n\">").append(percent(d.availability())).append("</td><td class=\"n\">")
          .append(target(d.targetPercent())).append("</td><td>").append(met(d.meetsTarget()))
          .append("</td><td class=\"n\">").append(duration(d.downSeconds())).append("</td><td class=\"n\">")
          .append(d.failures()).append("</td><td class=\"n\">").append(mtbf(d.mtbfSeconds(), d.mtbfLowerSeconds()))
          .append("</td></tr>");
    }
    b.append("</tbody></table></section>\n");
  }

  static void patchWindows(StringBuilder b, MonthlyReport r, ZoneId zone) {
    b.append("<section><h2>Patch windows (your side of the contract)</h2>");
    if (!unavailable(b, r)) {
      b.append("<p>Machines must stay on during the nightly patch window so that updates can install.</p>");
      b.append("<table><thead><tr><th>Machine</th><th>Kind</th><th class=\"n\">Windows</th><th class=\"n\">Missed"
          + "</th></tr></thead><tbody>");
      for (MonthlyReport.PatchDeviceRow p : r.patchWindows()) {
        b.append("<tr><td>").append(esc(name(p.hostname(), p.deviceId()))).append("</td><td>")
            .append(esc(p.deviceClass())).append("</td><td class=\"n\">").append(p.windows())
            .append("</td><td class=\"n").append(p.missed() > 0 ? " bad" : "").append("\">").append(p.missed())
            .append("</td></tr>");
      }
      b.append("</tbody></table>");
      if (r.patchMisses().isEmpty()) {
        b.append("<p class=\"ok\">Every machine was on for every patch window. Thank you.</p>");
      } else {
        b.append("<h3>Nights a machine was left off</h3><table><thead><tr><th>Night of</th><th>Machine</th>"
            + "<th>Window</th><th>Why</th></tr></thead><tbody>");
        for (MonthlyReport.PatchMissRow m : r.patchMisses()) {
          b.append("<tr><td>").append(esc(m.night().format(java.time.format.DateTimeFormatter.ofPattern(
              "EEE d MMM", Locale.ENGLISH)))).append("</td><td>").append(esc(name(m.hostname(), m.deviceId())))
              .append("</td><td>").append(esc(local(m.windowStart(), zone))).append(" – ")
              .append(esc(ReportText.time(m.windowEnd(), zone)))
              .append("</td><td>").append(esc(why(m.cause()))).append("</td></tr>");
        }
        b.append("</tbody></table>");
      }
    }
    b.append("</section>\n");
  }

  static void incidents(StringBuilder b, MonthlyReport r, ZoneId zone) {
    b.append("<section><h2>Incidents and our response times</h2>");
    if (!unavailable(b, r)) {
      if (r.incidents().isEmpty()) {
        b.append("<p>No incidents were opened this month.</p>");
      } else {
        b.append("<table><thead><tr><th>Opened</th><th>Machine</th><th>Issue</th><th>Priority</th>"
            + "<th class=\"n\">Response</th><th class=\"n\">Resolution</th><th>State</th></tr></thead><tbody>");
        for (MonthlyReport.IncidentRow i : r.incidents()) {
          b.append("<tr><td>").append(esc(local(i.openedAt(), zone))).append("</td><td>")
              .append(esc(name(i.hostname(), i.deviceId()))).append("</td><td>").append(esc(i.rule()))
              .append("</td><td>").append(esc(i.priority())).append("</td>");
          timed(b, i.responseSeconds(), i.responseCalendarSeconds(), i.calendar(), i.responseBreached());
          timed(b, i.resolutionSeconds(), i.resolutionCalendarSeconds(), i.calendar(), i.resolutionBreached());
          b.append("<td>").append(esc(i.state())).append("</td></tr>");
        }
        b.append("</tbody></table><p class=\"note\">Times are measured from opening in the priority's service "
            + "calendar, as its targets are (business hours pause overnight, at weekends and on holidays); the time "
            + "that passed on the clock is shown beneath where it differs. A red time missed its target.</p>");
      }
      if (!r.mspViolations().isEmpty()) {
        b.append("<h3>Targets we missed</h3><table><thead><tr><th>What</th><th>Machine</th><th>From</th><th>To</th>"
            + "<th>Detail</th></tr></thead><tbody>");
        for (MonthlyReport.ViolationRow v : r.mspViolations()) {
          b.append("<tr><td>").append(esc(v.type())).append("</td><td>").append(esc(name(v.hostname(), v.deviceId())))
              .append("</td><td>").append(esc(local(v.start(), zone))).append("</td><td>")
              .append(esc(local(v.end(), zone))).append("</td><td>").append(esc(v.detail())).append("</td></tr>");
        }
        b.append("</tbody></table>");
      }
    }
    b.append("</section>\n");
  }

  static void outages(StringBuilder b, MonthlyReport r, ZoneId zone) {
    b.append("<section><h2>Outages</h2>");
    if (r.outages().isEmpty()) {
      b.append("<p>No machine was down this month.</p></section>\n");
      return;
    }
    b.append("<table><thead><tr><th>Machine</th><th>From</th><th>To</th><th class=\"n\">Duration</th><th>Cause</th>"
        + "<th>Counts against the target</th></tr></thead><tbody>");
    List<MonthlyReport.OutageRow> rows = r.outages();
    for (MonthlyReport.OutageRow o : rows) {
      String counts = o.planned() ? "no — planned maintenance" : o.counted() ? "yes" : "no — not counted for this kind";
      b.append("<tr><td>").append(esc(name(o.hostname(), o.deviceId()))).append("</td><td class=\"t\">")
          .append(esc(local(o.start(), zone))).append("</td><td class=\"t\">").append(esc(local(o.end(), zone)))
          .append("</td><td class=\"n\">").append(duration(o.durationSeconds())).append("</td><td>")
          .append(esc(cause(o.cause()))).append("</td><td").append(o.counted() ? " class=\"bad\"" : "").append(">")
          .append(counts).append("</td></tr>");
    }
    b.append("</tbody></table></section>\n");
  }

  static void reliability(StringBuilder b, MonthlyReport r) {
    int pct = (int) Math.round(r.confidence() * 100);
    b.append("<section><h2>Reliability</h2><table><thead><tr><th>Group</th><th class=\"n\">Machines</th>"
        + "<th class=\"n\">Failures</th><th class=\"n\">MTTF</th><th class=\"n\">MTTR</th><th class=\"n\">MTBF</th>"
        + "<th class=\"n\">MTBF at least (").append(pct).append(" %)</th></tr></thead><tbody>");
    for (MonthlyReport.ReliabilityRow g : r.reliability()) {
      b.append("<tr><td>").append(esc(g.group().equals("all") ? "All machines" : plural(g.group())))
          .append("</td><td class=\"n\">").append(g.devices()).append("</td><td class=\"n\">").append(g.failures())
          .append("</td><td class=\"n\">").append(duration(g.mttfSeconds())).append("</td><td class=\"n\">")
          .append(duration(g.mttrSeconds())).append("</td><td class=\"n\">").append(duration(g.mtbfSeconds()))
          .append("</td><td class=\"n\">").append(duration(g.mtbfLowerSeconds())).append("</td></tr>");
    }
    b.append("</tbody></table></section>\n");
  }

  /** Hardware replaced this month, then how long the client's models and drives last (non-repairable MTTF). */
  static void hardware(StringBuilder b, MonthlyReport r, ZoneId zone) {
    MonthlyReport.Hardware h = r.hardware();
    long replaced = h.replaced();
    b.append("<section><h2>Hardware</h2><p>Hardware replaced this month: <strong>").append(replaced)
        .append("</strong>").append(replaced == 1 ? " part" : " parts");
    long other = h.changes().size() - replaced;
    if (other > 0) {
      b.append(" (and ").append(other).append(other == 1 ? " drive added or removed" : " drives added or removed")
          .append(")");
    }
    b.append(".</p>");
    if (!h.changes().isEmpty()) {
      b.append("<table><thead><tr><th>Machine</th><th>When</th><th>Change</th><th>Removed</th><th>Fitted</th>"
          + "<th>Counted as a failure</th></tr></thead><tbody>");
      for (MonthlyReport.HardwareRow c : h.changes()) {
        b.append("<tr><td>").append(esc(name(c.hostname(), c.deviceId()))).append("</td><td class=\"t\">")
            .append(esc(local(c.at(), zone))).append("</td><td>").append(esc(change(c.kind()))).append("</td><td>")
            .append(esc(c.removed() == null ? "–" : c.removed())).append("</td><td>")
            .append(esc(c.added() == null ? "–" : c.added())).append("</td><td>")
            .append(c.failure() ? "yes" : "no").append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    if (!h.models().isEmpty() || !h.drives().isEmpty()) {
      int pct = (int) Math.round(r.confidence() * 100);
      b.append("<h3>How long parts last</h3><table><thead><tr><th>Model</th><th class=\"n\">Units</th>"
          + "<th class=\"n\">Failed</th><th class=\"n\">In service or retired otherwise</th>"
          + "<th class=\"n\">Time in service</th><th class=\"n\">MTTF</th><th class=\"n\">MTTF at least (")
          .append(pct).append(" %)</th></tr></thead><tbody>");
      lifetimeRows(b, h.models(), "");
      lifetimeRows(b, h.drives(), "drive ");
      b.append("</tbody></table>");
    }
    if (h.explanation() != null) {
      b.append("<p class=\"note\">").append(esc(h.explanation())).append("</p>");
    }
    b.append("</section>\n");
  }

  private static void lifetimeRows(StringBuilder b, List<MonthlyReport.LifetimeRow> rows, String prefix) {
    for (MonthlyReport.LifetimeRow g : rows) {
      b.append("<tr><td>").append(esc(prefix + g.group())).append("</td><td class=\"n\">").append(g.units())
          .append("</td><td class=\"n\">").append(g.failures()).append("</td><td class=\"n\">").append(g.censored())
          .append("</td><td class=\"n\">").append(esc(HardwareSection.lifetime((double) g.unitSeconds())))
          .append("</td><td class=\"n\">").append(esc(HardwareSection.lifetime(g.mttfSeconds())))
          .append("</td><td class=\"n\">").append(esc(HardwareSection.lifetime(g.mttfLowerSeconds())))
          .append("</td></tr>");
    }
  }

  private static String change(String kind) {
    switch (kind) {
      case "drive-replaced":
        return "drive replaced";
      case "drive-removed":
        return "drive removed";
      case "drive-added":
        return "drive added";
      case "board-replaced":
        return "machine board replaced";
      default:
        return kind;
    }
  }

  static void definitions(StringBuilder b, MonthlyReport r) {
    b.append("<section><h2>How to read this report</h2><p class=\"note\"><strong>Availability</strong> is the share "
        + "of contracted service time (around the clock for servers; business hours for workstations and laptops, "
        + "as the contract says) during which a machine was up. Planned maintenance and time for which nothing is "
        + "known are left out. Only the causes the contract counts for a kind of machine count as downtime: a laptop "
        + "that was switched off or asleep is not down. <strong>Failures</strong> are unplanned crashes, and machines "
        + "that stopped reporting. <strong>MTTF</strong> is the mean up time between failures, <strong>MTTR</strong> "
        + "the mean time to recover, <strong>MTBF</strong> their sum. With few failures a mean says little, so the "
        + "last column gives the value that MTBF exceeds with ")
        .append((int) Math.round(r.confidence() * 100))
        .append(" % confidence; it is defined even for a month without failures. <strong>Missed patch windows and "
            + "availability below target</strong> are judged from each machine's own record, whenever it reached us: a "
            + "laptop that was away and reported later is judged like the others, and a verdict made while a machine "
            + "was silent is corrected once its record arrives. <strong>Incidents</strong> are opened for what needs "
            + "attention at the time, so history that arrived late shows here as outages and missed windows, not as "
            + "incidents. Times are in ")
        .append(esc(r.timezone())).append(".</p></section>\n");
  }

  private static boolean unavailable(StringBuilder b, MonthlyReport r) {
    if (r.contractData()) {
      return false;
    }
    b.append("<p class=\"unavailable\">Not available: this collector does not track patch windows and incidents "
        + "yet.</p>");
    return true;
  }

  /** The time in the priority's calendar (elapsed time beneath when it differs), or elapsed time alone. */
  private static void timed(StringBuilder b, Long seconds, Long calendarSeconds, String calendar, boolean breached) {
    b.append("<td class=\"n").append(breached ? " bad" : "").append("\">");
    if (seconds == null) {
      b.append(breached ? "overdue" : "–");
    } else if (calendarSeconds == null || calendarSeconds.equals(seconds)) {
      b.append(duration(seconds));
    } else {
      b.append(duration(calendarSeconds)).append(" <span class=\"muted\">").append(esc(calendar))
          .append("</span><br><span class=\"muted\">").append(duration(seconds)).append(" elapsed</span>");
    }
    b.append("</td>");
  }

  private static String mtbf(Double mean, double lower) {
    return mean == null ? "≥ " + duration(lower) : duration(mean);
  }

  private static String tierApplied(CreditLine l) {
    if (l.tierBelowPercent() != null) {
      return "below " + target(l.tierBelowPercent());
    }
    return Boolean.TRUE.equals(l.metTarget()) ? "none (target met)" : "none";
  }

  private static String met(Boolean meets) {
    if (meets == null) {
      return "<span class=\"muted\">–</span>";
    }
    return meets ? "<span class=\"ok\">✓ yes</span>" : "<span class=\"bad\">✗ no</span>";
  }

  private static String name(String hostname, String deviceId) {
    return hostname == null || hostname.isBlank() ? (deviceId == null ? "–" : deviceId) : hostname;
  }

  private static String plural(String deviceClass) {
    return switch (deviceClass) {
      case "server" -> "Servers";
      case "workstation" -> "Workstations";
      case "laptop" -> "Laptops";
      default -> deviceClass;
    };
  }

  private static String cause(String cause) {
    return switch (cause) {
      case "crash" -> "crash (restarted without shutting down)";
      case "shutdown" -> "switched off";
      case "silent" -> "stopped reporting";
      default -> cause;
    };
  }

  private static String why(String cause) {
    if (cause == null) {
      return "not on";
    }
    return switch (cause) {
      case "shutdown" -> "switched off";
      case "asleep" -> "asleep";
      case "silent" -> "not reachable";
      case "crash" -> "crashed";
      case "unknown" -> "agent not running";
      default -> cause;
    };
  }
}
