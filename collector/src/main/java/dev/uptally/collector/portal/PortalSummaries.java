package dev.uptally.collector.portal;

import dev.uptally.collector.api.ApiViews;
import dev.uptally.collector.api.FleetQueries;
import dev.uptally.collector.metrics.ClientAvailability;
import dev.uptally.collector.report.MonthlyReport;
import dev.uptally.collector.report.MonthlyReportBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Builds a client's {@link PortalSummary}: the month's classes and missed patch nights are the monthly report's
 * ({@link MonthlyReportBuilder}, the same figures as the downloadable report and the dashboard), the error budget is
 * {@link ClientAvailability}'s (as the {@code uptally_client_error_budget_remaining_ratio} series), the machines are
 * the API's live view. Reads only; thread-safe.
 */
public final class PortalSummaries {

  /** The language of the monthly report, and so of the portal: English is the only one. */
  public static final String LANGUAGE = "en";
  /** How many months of reports are offered, the month in progress included. */
  static final int REPORT_MONTHS = 13;

  private final MonthlyReportBuilder reports;
  private final FleetQueries queries;
  private final Function<String, OptionalLong> firstSampleMillis;
  private final Clock clock;

  /**
   * @param firstSampleMillis a client's earliest device timeline start, empty before any device reported: reports are
   *     offered from that month on
   */
  public PortalSummaries(MonthlyReportBuilder reports, FleetQueries queries,
      Function<String, OptionalLong> firstSampleMillis, Clock clock) {
    this.reports = reports;
    this.queries = queries;
    this.firstSampleMillis = firstSampleMillis;
    this.clock = clock;
  }

  /** Now in the client's zone, or empty for an unknown client. */
  public Optional<ZonedDateTime> clientNow(String clientId) {
    return reports.clientNow(clientId);
  }

  /** The client's {@code month} (one that has begun), or empty for an unknown client. */
  public Optional<PortalSummary> summary(String clientId, YearMonth month) {
    Optional<ZonedDateTime> now = reports.clientNow(clientId);
    Optional<MonthlyReport> built = now.isEmpty() ? Optional.empty() : reports.build(clientId, month);
    if (built.isEmpty()) {
      return Optional.empty();
    }
    MonthlyReport report = built.get();
    YearMonth current = YearMonth.from(now.get());
    return Optional.of(new PortalSummary(clientId, report.clientName(), report.timezone(), LANGUAGE, report.month(),
        !month.isBefore(current), Instant.ofEpochMilli(clock.millis()), classes(report), machines(clientId),
        report.contractData(), missed(report), reportLinks(clientId, current, ZoneId.of(report.timezone()))));
  }

  private static List<PortalSummary.ClassFigures> classes(MonthlyReport report) {
    List<PortalSummary.ClassFigures> out = new ArrayList<>();
    for (MonthlyReport.ClassRow c : report.classes()) {
      Long budget = null;
      Long left = null;
      if (c.targetPercent() != null && c.measuredSeconds() > 0) {
        ClientAvailability pooled = new ClientAvailability(report.clientId(), c.deviceClass(),
            c.measuredSeconds() * 1000, c.downSeconds() * 1000, c.targetPercent() / 100);
        Double budgetMillis = pooled.errorBudgetMillis();
        if (budgetMillis != null) {
          budget = Math.round(budgetMillis / 1000);
          left = Math.round((budgetMillis - pooled.downMillis()) / 1000);
        }
      }
      out.add(new PortalSummary.ClassFigures(c.deviceClass(), c.devices(), c.targetPercent(), c.availability(),
          c.meetsTarget(), c.measuredSeconds(), c.downSeconds(), budget, left));
    }
    return out;
  }

  private List<PortalSummary.Machine> machines(String clientId) {
    return queries.devices(clientId, null, null, "false").stream()
        .sorted(Comparator.comparing(ApiViews.DeviceView::hostname, Comparator.nullsLast(Comparator.naturalOrder())))
        .map(d -> new PortalSummary.Machine(d.hostname(), d.deviceClass(), d.state(), d.cause(), d.since(),
            d.lastHeartbeat()))
        .toList();
  }

  private static List<PortalSummary.MissedPatchNight> missed(MonthlyReport report) {
    return report.patchMisses().stream()
        .map(m -> new PortalSummary.MissedPatchNight(m.hostname(), m.night(), m.windowStart(), m.windowEnd(),
            m.cause()))
        .toList();
  }

  /** The month in progress and the ones before it, newest first, back to the client's first device's month. */
  private List<PortalSummary.Report> reportLinks(String clientId, YearMonth current, ZoneId zone) {
    OptionalLong first = firstSampleMillis.apply(clientId);
    if (first.isEmpty()) {
      return List.of();
    }
    YearMonth oldest = YearMonth.from(Instant.ofEpochMilli(first.getAsLong()).atZone(zone));
    List<PortalSummary.Report> out = new ArrayList<>();
    for (YearMonth m = current; !m.isBefore(oldest) && out.size() < REPORT_MONTHS; m = m.minusMonths(1)) {
      String base = "/api/v1/clients/" + clientId + "/report?month=" + m + "&format=";
      out.add(new PortalSummary.Report(m.toString(), m.equals(current), base + "html", base + "csv"));
    }
    return out;
  }
}
