package dev.uptally.collector.http;

import dev.uptally.collector.access.Scope;
import dev.uptally.collector.report.ClassStanding;
import dev.uptally.collector.report.MonthlyReport;
import dev.uptally.collector.report.MonthlyReportBuilder;
import dev.uptally.collector.report.ReportFormat;
import dev.uptally.config.collector.ApiConfig.Role;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/clients/{id}/report?month=YYYY-MM&format=json|csv|html} (role viewer): the client's monthly
 * report. 400 when {@code month} is missing or not {@code YYYY-MM}, has not begun in the client's time zone (the
 * month in progress is served, as far as it has gone), or the format is unknown; 404 for an unknown client. CSV and HTML come as attachments: the collector's strict Content-Security-Policy would block the HTML
 * report's inline style when shown in place, and a saved file is what gets printed or mailed.
 *
 * <p>{@code GET /api/v1/availability?client=&month=YYYY-MM} (role viewer): each visible client's standing per device
 * class month to date ({@link ClassStanding}, from the report's own pooling and credit rule). Without {@code month},
 * each client's current month in its own time zone; a month that has begun for none of the listed clients is 400 (a
 * client for which it has not begun yet is left out), as is a malformed one; an unknown client is 404.
 */
public final class ReportEndpoints implements CollectorServer.ApiRoutes {

  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM")
      .withResolverStyle(ResolverStyle.STRICT);

  private static final Set<String> AVAILABILITY_PARAMS = ApiHandlerParams.accepted(Set.of("client", "month"));

  private final MonthlyReportBuilder reports;

  public ReportEndpoints(MonthlyReportBuilder reports) {
    this.reports = reports;
  }

  @Override
  public void register(ApiHandler api, Routes.Builder routes) {
    api.route(routes, "GET", "/api/v1/clients/{id}/report", Role.VIEWER, Scope.clientPath("id"), Set.of("month", "format"),
        this::report);
    api.route(routes, "GET", "/api/v1/availability", Role.VIEWER, Scope.listed(), AVAILABILITY_PARAMS,
        (call, who) -> availability(call.query("month") == null ? null : month(call.query("month")),
            who.clients().rows(client -> client == null ? reports.clientIds() : List.of(client), id -> id)));
  }

  /** @param month null for each client's current month */
  private HttpReply availability(YearMonth month, List<String> clients) {
    List<ClassStanding> rows = new ArrayList<>();
    ZonedDateTime latest = null;
    boolean begun = false;
    for (String client : clients) {
      ZonedDateTime now = reports.clientNow(client)
          .orElseThrow(() -> HttpException.notFound("unknown client '" + client + "'"));
      YearMonth current = YearMonth.from(now);
      if (month != null && month.isAfter(current)) {
        latest = latest == null || now.toLocalDateTime().isAfter(latest.toLocalDateTime()) ? now : latest;
        continue;
      }
      begun = true;
      rows.addAll(reports.standing(client, month == null ? current : month)
          .orElseThrow(() -> HttpException.notFound("unknown client '" + client + "'")));
    }
    if (!begun && latest != null) {
      throw HttpException.badRequest("month " + month + " has not begun (it is " + latest.toLocalDate() + " in "
          + latest.getZone().getId() + (clients.size() == 1 ? ", the client's time zone)"
              : ", the furthest ahead of the clients' time zones)"));
    }
    return HttpReply.ok(rows);
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
