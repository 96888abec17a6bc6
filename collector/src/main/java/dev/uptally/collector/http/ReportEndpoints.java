package dev.uptally.collector.http;

import dev.uptally.collector.access.Scope;
import dev.uptally.collector.api.ApiHandler;
import dev.uptally.collector.report.MonthlyReport;
import dev.uptally.collector.report.MonthlyReportBuilder;
import dev.uptally.collector.report.ReportFormat;
import dev.uptally.config.collector.ApiConfig.Role;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/clients/{id}/report?month=YYYY-MM&format=json|csv|html} (role viewer): the client's monthly
 * report. 400 when {@code month} is missing or not {@code YYYY-MM}, has not begun in the client's time zone (the
 * month in progress is served, as far as it has gone), or the format is unknown; 404 for an unknown client. CSV and HTML come as attachments: the collector's strict Content-Security-Policy would block the HTML
 * report's inline style when shown in place, and a saved file is what gets printed or mailed.
 */
public final class ReportEndpoints implements CollectorServer.ApiRoutes {

  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM")
      .withResolverStyle(ResolverStyle.STRICT);

  private final MonthlyReportBuilder reports;

  public ReportEndpoints(MonthlyReportBuilder reports) {
    this.reports = reports;
  }

  @Override
  public void register(ApiHandler api, Routes.Builder routes) {
    api.route(routes, "GET", "/api/v1/clients/{id}/report", Role.VIEWER, Scope.clientPath("id"), Set.of("month", "format"),
        this::report);
  }

  private HttpReply report(HttpCall call) {
    YearMonth month = month(call.query("month"));
    ReportFormat format;
    try {
      format = call.query("format") == null ? ReportFormat.JSON : ReportFormat.fromName(call.query("format"));
    } catch (IllegalArgumentException e) {
      throw HttpException.badRequest("parameter 'format': " + e.getMessage());
    }
    String client = call.pathParam("id");
    ZonedDateTime now = reports.clientNow(client)
        .orElseThrow(() -> HttpException.notFound("unknown client '" + client + "'"));
    if (month.isAfter(YearMonth.from(now))) {
      throw HttpException.badRequest("month " + month + " has not begun (it is " + now.toLocalDate() + " in "
          + now.getZone().getId() + ", the client's time zone)");
    }
    MonthlyReport report = reports.build(client, month)
        .orElseThrow(() -> HttpException.notFound("unknown client '" + client + "'"));
    HttpReply reply = new HttpReply(200, format.contentType(), format.render(report), Map.of());
    if (format != ReportFormat.JSON) {
      reply = reply.withHeader("Content-Disposition", "attachment; filename=\"" + format.fileName(report) + "\"");
    }
    return reply.gzipFor(call);
  }

  /** @throws HttpException 400 naming the value */
  static YearMonth month(String raw) {
    if (raw == null || raw.isBlank()) {
      throw HttpException.badRequest("parameter 'month' is required, as YYYY-MM (e.g. 2026-10)");
    }
    YearMonth month;
    try {
      month = YearMonth.parse(raw.trim(), MONTH);
    } catch (DateTimeParseException e) {
      throw HttpException.badRequest("parameter 'month' must be YYYY-MM (e.g. 2026-10), got '" + raw + "'");
    }
    // the pattern also takes signed years of more digits (+999999999-12), beyond epoch milliseconds
    if (month.getYear() < 0 || month.getYear() > 9999) {
      throw HttpException.badRequest("parameter 'month' must be YYYY-MM with a four-digit year, got '" + raw + "'");
    }
    return month;
  }
}
