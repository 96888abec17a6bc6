package dev.uptally.collector.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Renderers on a small hand-built report: escaping of agent-supplied text, CSV shape, JSON round trip. */
class ReportRenderingTest {

  private static final String EVIL_HOST = "<img src=x onerror=alert(1)>";
  private static final String FORMULA_HOST = "=HYPERLINK(\"http://x\",\"click\")";

  private static MonthlyReport report(boolean contractData) {
    Instant from = Instant.parse("2026-10-01T04:00:00Z");
    Instant to = Instant.parse("2026-11-01T04:00:00Z");
    List<MonthlyReport.DeviceRow> devices = List.of(
        new MonthlyReport.DeviceRow("d1", EVIL_HOST, "server", 0.9995, 99.9, true, 1000, 0, 0, 1000, null, null, null,
            434.0),
        new MonthlyReport.DeviceRow("d2", FORMULA_HOST, "laptop", null, 98.0, null, 0, 0, 0, 0, null, null, null, 0));
    CreditLine credit = CreditCalculator.credit("server", 99.9, List.of(), 100, 1_000_000, 0);
    return new MonthlyReport("acme", "ACME <Law> & Partners", "standard", "2026-10", "America/New_York", from, to,
        to, 0.9, devices, List.of(new MonthlyReport.ClassRow("server", 1, 0.9995, 99.9, true, 1000, 0)), List.of(),
        List.of(new MonthlyReport.OutageRow("d1", EVIL_HOST, from, from.plusSeconds(60), 60, "crash", false, true,
            true)), contractData, List.of(), List.of(), List.of(), List.of(),
        new MonthlyReport.Credits(new BigDecimal("100.00"), List.of(credit), new BigDecimal("0.00"), "rule, with comma"),
        List.of(new MonthlyReport.DayRow(LocalDate.of(2026, 10, 1), 0.97), new MonthlyReport.DayRow(
            LocalDate.of(2026, 10, 2), null)));
  }

  @Test
  void htmlEscapesTextFromAgentsAndConfiguration() {
    String html = new String(ReportFormat.HTML.render(report(true)), StandardCharsets.UTF_8);
    assertThat(html).doesNotContain(EVIL_HOST).contains("&lt;img src=x onerror=alert(1)&gt;")
        .contains("ACME &lt;Law&gt; &amp; Partners");
  }

  @Test
  void htmlSaysWhenTheMonthIsNotOver() {
    MonthlyReport done = report(true);
    assertThat(ReportHtml.render(done)).doesNotContain("The month is not over");
    MonthlyReport running = new MonthlyReport(done.clientId(), done.clientName(), done.contract(), done.month(),
        done.timezone(), done.from(), done.to(), done.to().minusSeconds(3600), done.confidence(), done.devices(),
        done.classes(), done.reliability(), done.outages(), true, List.of(), List.of(), List.of(), List.of(),
        done.credits(), done.daily());
    assertThat(ReportHtml.render(running)).contains("The month is not over");
  }

  @Test
  void htmlSaysContractSectionsAreUnavailableRatherThanEmpty() {
    String html = ReportHtml.render(report(false));
    assertThat(html).contains("Not available: this collector does not track patch windows and incidents yet.")
        .doesNotContain("Every machine was on for every patch window");
    assertThat(ReportHtml.render(report(true))).contains("Every machine was on for every patch window")
        .contains("No incidents were opened this month.");
  }

  @Test
  void csvQuotesAndDefusesFormulas() {
    String csv = new String(ReportFormat.CSV.render(report(true)), StandardCharsets.UTF_8);
    assertThat(csv).contains("\r\nd2,\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",laptop,,98.0,,0,")
        .contains("# creditTotal\r\nmonthlyFee,total,rule\r\n100.00,0.00,\"rule, with comma\"\r\n")
        .contains("# daily\r\ndate,availability\r\n2026-10-01,0.97\r\n2026-10-02,\r\n");
    assertThat(csv.split("\r\n\r\n")).as("fourteen sections").hasSize(14);
  }

  @Test
  void jsonIsTheModelWithIsoTimes() {
    JsonNode json = dev.uptally.common.json.Json.mapper().readTree(ReportFormat.JSON.render(report(true)));
    assertThat(json.get("from").asString()).isEqualTo("2026-10-01T04:00:00Z");
    assertThat(json.get("devices").get(1).get("availability").isNull()).isTrue();
    assertThat(json.get("daily").get(0).get("date").asString()).isEqualTo("2026-10-01");
    assertThat(json.get("credits").get("total").decimalValue()).isEqualByComparingTo("0");
  }

  @Test
  void formatNamesAreJsonCsvHtml() {
    assertThat(ReportFormat.fromName("HTML")).isEqualTo(ReportFormat.HTML);
    assertThat(ReportFormat.CSV.fileName(report(true))).isEqualTo("uptally-acme-2026-10.csv");
    assertThatThrownBy(() -> ReportFormat.fromName("pdf")).hasMessageContaining("'pdf'");
  }

  @Test
  void chartFloorKeepsTheWorstDayAndTheTargetVisible() {
    List<MonthlyReport.DayRow> days = List.of(new MonthlyReport.DayRow(LocalDate.of(2026, 10, 1), 0.974));
    assertThat(AvailabilityChart.floor(days, 99.9)).isEqualTo(97.0);
    assertThat(AvailabilityChart.floor(List.of(new MonthlyReport.DayRow(LocalDate.of(2026, 10, 1), 1.0)), 99.9))
        .isEqualTo(99.0);
    assertThat(AvailabilityChart.floor(List.of(new MonthlyReport.DayRow(LocalDate.of(2026, 10, 1), 0.45)), 99.9))
        .isEqualTo(40.0);
    assertThat(AvailabilityChart.svg(days, 99.9)).startsWith("<svg").endsWith("</svg>").doesNotContain("<script");
  }
}
