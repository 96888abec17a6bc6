package dev.uptally.collector.report;

import dev.uptally.collector.csv.CsvLines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The report as CSV (RFC 4180, CRLF): one section per table, each a {@code # name} line, a header row and the rows,
 * sections separated by an empty line. Text cells that a spreadsheet would read as a formula ({@code = + - @}) are
 * prefixed with an apostrophe: hostnames come from agents. Times are ISO-8601 UTC, durations seconds.
 */
final class ReportCsv {

  private final StringBuilder out = new StringBuilder();

  private ReportCsv() {}

  static String render(MonthlyReport r) {
    ReportCsv csv = new ReportCsv();
    csv.section("report", List.of("clientId", "clientName", "contract", "month", "timezone", "from", "to",
        "generatedAt", "confidence", "contractData"), List.of(row(r.clientId(), r.clientName(), r.contract(), r.month(),
        r.timezone(), r.from(), r.to(), r.generatedAt(), r.confidence(), r.contractData())));
    csv.section("devices", List.of("deviceId", "hostname", "deviceClass", "availability", "targetPercent",
        "meetsTarget", "measuredSeconds", "downSeconds", "failures", "uptimeSeconds", "mttfSeconds", "mttrSeconds",
        "mtbfSeconds", "mtbfLowerSeconds"), r.devices().stream().map(d -> row(d.deviceId(), d.hostname(),
        d.deviceClass(), d.availability(), d.targetPercent(), d.meetsTarget(), d.measuredSeconds(), d.downSeconds(),
        d.failures(), d.uptimeSeconds(), d.mttfSeconds(), d.mttrSeconds(), d.mtbfSeconds(), d.mtbfLowerSeconds()))
        .toList());
    csv.section("classes", List.of("deviceClass", "devices", "availability", "targetPercent", "meetsTarget",
        "measuredSeconds", "downSeconds"), r.classes().stream().map(c -> row(c.deviceClass(), c.devices(),
        c.availability(), c.targetPercent(), c.meetsTarget(), c.measuredSeconds(), c.downSeconds())).toList());
    csv.section("reliability", List.of("group", "devices", "failures", "uptimeSeconds", "failureDowntimeSeconds",
        "mttfSeconds", "mttrSeconds", "mtbfSeconds", "mtbfLowerSeconds"), r.reliability().stream().map(g -> row(
        g.group(), g.devices(), g.failures(), g.uptimeSeconds(), g.failureDowntimeSeconds(), g.mttfSeconds(),
        g.mttrSeconds(), g.mtbfSeconds(), g.mtbfLowerSeconds())).toList());
    csv.section("outages", List.of("deviceId", "hostname", "start", "end", "durationSeconds", "cause", "planned",
        "counted", "failure"), r.outages().stream().map(o -> row(o.deviceId(), o.hostname(), o.start(), o.end(),
        o.durationSeconds(), o.cause(), o.planned(), o.counted(), o.failure())).toList());
    csv.section("patchWindows", List.of("deviceId", "hostname", "deviceClass", "windows", "missed"),
        r.patchWindows().stream().map(p -> row(p.deviceId(), p.hostname(), p.deviceClass(), p.windows(), p.missed()))
            .toList());
    csv.section("patchMisses", List.of("deviceId", "hostname", "night", "windowStart", "windowEnd", "cause", "detail"),
        r.patchMisses().stream().map(m -> row(m.deviceId(), m.hostname(), m.night(), m.windowStart(), m.windowEnd(),
            m.cause(), m.detail())).toList());
    csv.section("incidents", List.of("id", "deviceId", "hostname", "rule", "priority", "state", "openedAt",
        "responseDue", "respondedAt", "responseSeconds", "responseBreached", "resolutionDue", "resolvedAt",
        "resolutionSeconds", "resolutionBreached", "resolution", "calendar", "responseCalendarSeconds",
        "resolutionCalendarSeconds"), r.incidents().stream().map(i -> row(i.id(),
        i.deviceId(), i.hostname(), i.rule(), i.priority(), i.state(), i.openedAt(), i.responseDue(), i.respondedAt(),
        i.responseSeconds(), i.responseBreached(), i.resolutionDue(), i.resolvedAt(), i.resolutionSeconds(),
        i.resolutionBreached(), i.resolution(), i.calendar(), i.responseCalendarSeconds(),
        i.resolutionCalendarSeconds())).toList());
    csv.section("mspViolations", List.of("type", "deviceId", "hostname", "start", "end", "detail"),
        r.mspViolations().stream().map(v -> row(v.type(), v.deviceId(), v.hostname(), v.start(), v.end(), v.detail()))
            .toList());
    csv.section("credits", List.of("deviceClass", "measuredSeconds", "downSeconds", "availabilityPercent",
        "tierBelowPercent", "creditPercent", "monthlyFee", "amount", "arithmetic", "targetPercent", "metTarget"),
        r.credits().lines().stream().map(c -> row(c.deviceClass(), c.measuredSeconds(), c.downSeconds(),
            c.availabilityPercent(), c.tierBelowPercent(), c.creditPercent(), c.monthlyFee(), c.amount(),
            c.arithmetic(), c.targetPercent(), c.metTarget())).toList());
    csv.section("creditTotal", List.of("monthlyFee", "total", "rule"),
        List.of(row(r.credits().monthlyFee(), r.credits().total(), r.credits().rule())));
    csv.section("hardwareChanges", List.of("deviceId", "hostname", "at", "kind", "removed", "added", "failure"),
        r.hardware().changes().stream().map(c -> row(c.deviceId(), c.hostname(), c.at(), c.kind(), c.removed(),
            c.added(), c.failure())).toList());
    List<List<Object>> lifetimes = new ArrayList<>();
    r.hardware().models().forEach(g -> lifetimes.add(lifetimeRow("model", g)));
    r.hardware().drives().forEach(g -> lifetimes.add(lifetimeRow("driveModel", g)));
    csv.section("lifetimes", List.of("groupBy", "group", "units", "failures", "censored", "unitSeconds",
        "mttfSeconds", "mttfLowerSeconds"), lifetimes);
    csv.section("daily", List.of("date", "availability"),
        r.daily().stream().map(d -> row(d.date(), d.availability())).toList());
    return csv.out.toString();
  }

  private static List<Object> lifetimeRow(String groupBy, MonthlyReport.LifetimeRow g) {
    return row(groupBy, g.group(), g.units(), g.failures(), g.censored(), g.unitSeconds(), g.mttfSeconds(),
        g.mttfLowerSeconds());
  }

  private static List<Object> row(Object... cells) {
    return new ArrayList<>(Arrays.asList(cells));
  }

  private void section(String name, List<String> header, List<List<Object>> rows) {
    if (out.length() > 0) {
      out.append("\r\n");
    }
    out.append("# ").append(name).append("\r\n");
    line(new ArrayList<>(header));
    for (List<Object> r : rows) {
      line(r);
    }
  }

  private void line(List<Object> cells) {
    CsvLines.append(out, cells);
  }
}
