package dev.uptally.collector.report;

import static dev.uptally.collector.report.ReportText.esc;

import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The report as one self-contained, print-ready HTML page: inline CSS (A4 pages, {@code @media print} rules, page
 * break after the summary page), an inline SVG chart, no script, no external reference. Written for
 * the client's office manager: plain words first, the figures and their definitions after. Every text that comes
 * from configuration or agents is escaped.
 */
final class ReportHtml {

  static final String CSS = """
      @page { size: A4; margin: 14mm 12mm 16mm 12mm; }
      * { box-sizing: border-box; }
      body { font-family: "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: #101828; font-size: 10.5pt;
             line-height: 1.4; margin: 0 auto; max-width: 190mm; padding: 8mm 0; background: #fff; }
      header { border-bottom: 3px solid #1570ef; padding-bottom: 6px; margin-bottom: 14px; }
      header .kicker { color: #1570ef; font-weight: 600; letter-spacing: .04em; text-transform: uppercase;
                       font-size: 9pt; }
      h1 { font-size: 20pt; margin: 2px 0 4px; }
      h2 { font-size: 13.5pt; margin: 20px 0 6px; border-bottom: 1px solid #d0d5dd; padding-bottom: 3px;
           break-after: avoid; page-break-after: avoid; }
      h3 { font-size: 11pt; margin: 12px 0 4px; break-after: avoid; }
      p { margin: 4px 0 8px; }
      .meta { color: #475467; font-size: 9.5pt; }
      .cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 4px; }
      .card { flex: 1 1 30mm; border: 1px solid #d0d5dd; border-radius: 6px; padding: 7px 9px; break-inside: avoid; }
      .card .v { font-size: 15pt; font-weight: 700; }
      .card .l { color: #475467; font-size: 8.5pt; }
      .ok { color: #067647; } .bad { color: #b42318; } .muted { color: #667085; }
      table { width: 100%; border-collapse: collapse; margin: 4px 0 10px; font-size: 9pt; }
      thead { display: table-header-group; }
      th { text-align: left; background: #f2f4f7; font-weight: 600; border-bottom: 1px solid #98a2b3; }
      th, td { padding: 3px 5px; vertical-align: top; }
      td { border-bottom: 1px solid #eaecf0; }
      td.t { white-space: nowrap; }
      td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      tr { break-inside: avoid; page-break-inside: avoid; }
      .chart { width: 100%; height: auto; max-height: 62mm; }
      .legend { font-size: 8.5pt; color: #475467; }
      .arith { font-size: 9pt; color: #344054; margin: 2px 0; }
      .note { font-size: 8.5pt; color: #475467; }
      .unavailable { border: 1px dashed #98a2b3; padding: 6px 9px; color: #475467; }
      section { margin-bottom: 6px; }
      .page-break { break-before: page; page-break-before: always; }
      footer { margin-top: 18px; border-top: 1px solid #d0d5dd; padding-top: 4px; font-size: 8pt; color: #667085; }
      @media screen { body { padding: 12mm 10mm; } }
      .arith-block { break-inside: avoid; page-break-inside: avoid; }
      @media print {
        body { padding: 0; max-width: none; font-size: 9.5pt; line-height: 1.3; }
        h2 { margin: 12px 0 5px; }
        .chart { max-height: 44mm; }
        .card .v { font-size: 13pt; }
        p { margin: 3px 0 5px; }
        a { color: inherit; text-decoration: none; }
        .card, table, section { box-shadow: none; }
      }
      """;

  private ReportHtml() {}

  static String render(MonthlyReport r) {
    ZoneId zone = ZoneId.of(r.timezone());
    String monthName = YearMonth.parse(r.month()).format(DateTimeFormatter.ofPattern("MMMM uuuu", Locale.ENGLISH));
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(esc(r.clientName())).append(" — service report ").append(esc(monthName))
        .append("</title><style>").append(CSS).append("</style></head><body>\n");
    b.append("<header><div class=\"kicker\">Monthly service report</div><h1>").append(esc(r.clientName()))
        .append(" — ").append(esc(monthName)).append("</h1><div class=\"meta\">Period: ")
        .append(esc(ReportText.local(r.from(), zone))).append(" to ").append(esc(ReportText.local(r.to(), zone)))
        .append(" (").append(esc(r.timezone())).append(") · Contract: ").append(esc(r.contract()))
        .append(" · Prepared ").append(esc(ReportText.stamp(r.generatedAt(), zone))).append("</div>");
    if (r.generatedAt().isBefore(r.to())) {
      b.append("<div class=\"meta bad\">The month is not over: figures cover the time up to when this report was "
          + "prepared.</div>");
    }
    b.append("</header>\n");
    ReportHtmlSections.summary(b, r);
    ReportHtmlSections.chart(b, r);
    ReportHtmlSections.classes(b, r);
    b.append("<div class=\"page-break\"></div>\n");
    ReportHtmlSections.credits(b, r);
    ReportHtmlSections.devices(b, r);
    ReportHtmlSections.patchWindows(b, r, zone);
    ReportHtmlSections.incidents(b, r, zone);
    ReportHtmlSections.outages(b, r, zone);
    ReportHtmlSections.reliability(b, r);
    ReportHtmlSections.hardware(b, r, zone);
    ReportHtmlSections.definitions(b, r);
    b.append("<footer>Uptally · ").append(esc(r.clientId())).append(" · ").append(esc(r.month()))
        .append(" · figures per device equal the collector's /sla for the same window</footer>\n</body></html>\n");
    return b.toString();
  }
}
