package dev.uptally.collector.report;

import static dev.uptally.collector.report.SimulatedMonth.FROM;
import static dev.uptally.collector.report.SimulatedMonth.TO;
import static dev.uptally.collector.report.SimulatedMonth.instant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.uptally.collector.CollectorApp;
import dev.uptally.common.json.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The monthly report of a simulated October ({@link SimulatedMonth}) against figures computed by hand from the
 * design's definitions, and against {@code /sla} of the same collector for the same window.
 *
 * <p>October 2026 in New York: 31 days = 744 h; servers run 24x7 minus four Sunday maintenance windows of 2 h =
 * 736 h measured; workstations and laptops run on business hours MON-FRI 08:00-18:00 = 22 weekdays × 10 h = 220 h.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonthlyReportTest {

  private static final String VIEWER = "viewer-token-0123456789";
  private static final long SERVER_MEASURED_S = 736 * 3600;
  private static final long BUSINESS_S = 220 * 3600;
  private static final long MONTH_S = 744 * 3600;

  private SimulatedMonth month;
  private MonthlyReport report;

  @BeforeAll
  void simulate(@TempDir Path dir) throws Exception {
    month = new SimulatedMonth(dir);
    CollectorApp app = month.app;
    report = new MonthlyReportBuilder(app.fleet(), app.queries(), app.contracts(), SimulatedMonth.contractEngine(),
        month.clock, CollectorApp.CONFIDENCE).build("acme", YearMonth.of(2026, 10)).orElseThrow();
  }

  @AfterAll
  void stop() {
    if (month != null) {
      month.close();
    }
  }

  private MonthlyReport.DeviceRow device(String id) {
    return report.devices().stream().filter(d -> d.deviceId().equals(id)).findFirst().orElseThrow();
  }

  private MonthlyReport.ClassRow cls(String name) {
    return report.classes().stream().filter(c -> c.deviceClass().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void monthRunsFromLocalMidnightToLocalMidnight() {
    assertThat(report.from()).isEqualTo(Instant.parse("2026-10-01T04:00:00Z"));
    assertThat(report.to()).isEqualTo(Instant.parse("2026-11-01T04:00:00Z"));
    assertThat(report.timezone()).isEqualTo("America/New_York");
    assertThat(report.devices()).extracting(MonthlyReport.DeviceRow::deviceId)
        .containsExactly("srv-db", "srv-web", "ws-reception", "lt-partner");
  }

  @Test
  void deviceFiguresMatchHandComputedTruth() {
    MonthlyReport.DeviceRow db = device("srv-db");
    assertThat(db.measuredSeconds()).isEqualTo(SERVER_MEASURED_S);
    assertThat(db.downSeconds()).isEqualTo(7200);
    assertThat(db.failures()).isEqualTo(2);
    assertThat(db.uptimeSeconds()).isEqualTo(MONTH_S - 7200);
    assertThat(db.availability()).isCloseTo((SERVER_MEASURED_S - 7200.0) / SERVER_MEASURED_S, within(1e-12));
    assertThat(db.meetsTarget()).isFalse();
    MonthlyReport.DeviceRow web = device("srv-web");
    assertThat(web.downSeconds()).isZero();
    assertThat(web.failures()).isZero();
    assertThat(web.uptimeSeconds()).isEqualTo(MONTH_S - 1800);
    assertThat(web.meetsTarget()).isTrue();
    MonthlyReport.DeviceRow ws = device("ws-reception");
    assertThat(ws.measuredSeconds()).isEqualTo(BUSINESS_S);
    assertThat(ws.downSeconds()).isEqualTo(1800);
    assertThat(ws.failures()).isEqualTo(1);
    assertThat(device("lt-partner").availability()).isEqualTo(1.0);
  }

  @Test
  void classesPoolMeasuredAndDowntimeOverTheirDevices() {
    MonthlyReport.ClassRow servers = cls("server");
    assertThat(servers.devices()).isEqualTo(2);
    assertThat(servers.measuredSeconds()).isEqualTo(2 * SERVER_MEASURED_S);
    assertThat(servers.downSeconds()).isEqualTo(7200);
    assertThat(servers.availability()).isCloseTo((2.0 * SERVER_MEASURED_S - 7200) / (2 * SERVER_MEASURED_S),
        within(1e-12));
    assertThat(servers.meetsTarget()).as("99.864 %% against 99.9 %%").isFalse();
    assertThat(cls("workstation").availability()).isCloseTo((BUSINESS_S - 1800.0) / BUSINESS_S, within(1e-12));
    assertThat(cls("workstation").meetsTarget()).isTrue();
    assertThat(cls("laptop").meetsTarget()).isTrue();
  }

  @Test
  void onlyAClassThatMissedItsTargetEarnsCreditFromTheContractWideTiers() {
    // servers 99.8641 % missed 99.9 and are below the 99.9 tier (5 %), not below 99.5; workstations 99.7727 % are
    // below that tier too but met their 99.0 target; laptops 100 % met 98.0
    assertThat(report.credits().lines()).extracting(CreditLine::deviceClass, CreditLine::metTarget,
        CreditLine::creditPercent).containsExactly(org.assertj.core.groups.Tuple.tuple("server", false, 5.0),
            org.assertj.core.groups.Tuple.tuple("workstation", true, 0.0),
            org.assertj.core.groups.Tuple.tuple("laptop", true, 0.0));
    assertThat(report.credits().lines().get(0).amount()).isEqualByComparingTo("210.00");
    assertThat(report.credits().lines().get(0).availabilityPercent()).isEqualByComparingTo("99.8641");
    assertThat(report.credits().lines().get(0).arithmetic()).contains("5,299,200 s measured", "7,200 s down",
        "missed its 99.9 % target", "below 99.9 %", "5 % of the monthly fee 4200.00 = 210.00");
    assertThat(report.credits().lines().get(1).amount()).isEqualByComparingTo("0.00");
    assertThat(report.credits().lines().get(1).arithmetic()).isEqualTo("workstation: availability 99.7727 % = "
        + "(792,000 s measured − 1,800 s down) / 792,000 s; it met its 99.0 % target, so no credit applies.");
    assertThat(report.credits().total()).isEqualByComparingTo("210.00");
  }

  @Test
  void reliabilityPoolsFailuresOfTheWholeFleet() {
    MonthlyReport.ReliabilityRow all = report.reliability().get(0);
    assertThat(all.group()).isEqualTo("all");
    assertThat(all.devices()).isEqualTo(4);
    assertThat(all.failures()).isEqualTo(3);
    assertThat(all.mtbfLowerSeconds()).isPositive().isLessThan(all.mtbfSeconds());
  }

  @Test
  void outagesCarryCauseAndWhetherTheyCount() {
    assertThat(report.outages()).filteredOn(o -> o.deviceId().equals("srv-web")).singleElement()
        .satisfies(o -> assertThat(o.planned()).isTrue());
    assertThat(report.outages()).filteredOn(o -> o.cause().equals("shutdown")).singleElement().satisfies(o -> {
      assertThat(o.deviceId()).isEqualTo("ws-reception");
      assertThat(o.counted()).isFalse();
    });
    assertThat(report.outages()).filteredOn(MonthlyReport.OutageRow::counted).hasSize(3);
  }

  @Test
  void dailyAvailabilityPoolsEachLocalDay() {
    // Tue 6 Oct: two servers 1440 min, workstation and laptop 600 business minutes; acme-db01 down 100 min
    MonthlyReport.DayRow oct6 = report.daily().get(5);
    assertThat(oct6.date()).isEqualTo(LocalDate.of(2026, 10, 6));
    assertThat(oct6.availability()).isCloseTo((4080 - 100) / 4080.0, within(1e-12));
    assertThat(report.daily()).hasSize(31);
    assertThat(report.daily().get(10).availability()).as("Sun 11 Oct: planned crash only").isEqualTo(1.0);
  }

  @Test
  void patchWindowComplianceNamesMachinesAndNights() {
    assertThat(report.contractData()).isTrue();
    assertThat(report.patchWindows()).extracting(MonthlyReport.PatchDeviceRow::deviceId,
        MonthlyReport.PatchDeviceRow::windows, MonthlyReport.PatchDeviceRow::missed).containsExactly(
        org.assertj.core.groups.Tuple.tuple("srv-db", 9, 0), org.assertj.core.groups.Tuple.tuple("srv-web", 9, 0),
        org.assertj.core.groups.Tuple.tuple("ws-reception", 9, 1),
        org.assertj.core.groups.Tuple.tuple("lt-partner", 9, 2));
    assertThat(report.patchMisses()).extracting(MonthlyReport.PatchMissRow::hostname,
        MonthlyReport.PatchMissRow::night, MonthlyReport.PatchMissRow::cause).containsExactly(
        org.assertj.core.groups.Tuple.tuple("partner-laptop", LocalDate.of(2026, 10, 6), "asleep"),
        org.assertj.core.groups.Tuple.tuple("partner-laptop", LocalDate.of(2026, 10, 8), "asleep"),
        org.assertj.core.groups.Tuple.tuple("reception-pc", LocalDate.of(2026, 10, 15), "shutdown"));
  }

  @Test
  void incidentsShowResponseAndResolutionTimesAndBreaches() {
    assertThat(report.incidents()).extracting(MonthlyReport.IncidentRow::id).containsExactly("i1", "i4", "i2", "i3");
    List<MonthlyReport.IncidentRow> rows = report.incidents().stream().filter(i -> !i.id().equals("i4")).toList();
    assertThat(rows.get(0).responseSeconds()).isEqualTo(480);
    assertThat(rows.get(0).responseBreached()).isFalse();
    assertThat(rows.get(0).resolutionSeconds()).isEqualTo(99 * 60);
    assertThat(rows.get(1).respondedAt()).as("resolved before the late ack").isEqualTo(instant("2026-10-20T15:21"));
    assertThat(rows.get(1).responseSeconds()).isEqualTo(19 * 60);
    assertThat(rows.get(1).responseBreached()).isTrue();
    assertThat(rows.get(1).resolutionBreached()).isFalse();
    assertThat(rows.get(2).responseSeconds()).isNull();
    assertThat(rows.get(2).responseBreached()).as("unacknowledged past its due time").isTrue();
    assertThat(rows.get(2).resolutionBreached()).as("due after now").isFalse();
    assertThat(report.mspViolations()).extracting(MonthlyReport.ViolationRow::type).containsExactly("response-breach");
  }

  @Test
  void responseAndResolutionCountTheTimeOpenInThePrioritysCalendarBesideTheTimeElapsed() {
    MonthlyReport.IncidentRow p3 = report.incidents().stream().filter(i -> i.id().equals("i4")).findFirst()
        .orElseThrow();
    assertThat(p3.calendar()).isEqualTo("business-hours");
    assertThat(p3.responseSeconds()).as("Friday 17:30 to Monday 08:30 on the clock").isEqualTo(63 * 3600);
    assertThat(p3.responseCalendarSeconds()).as("Friday 17:30-18:00 and Monday 08:00-08:30").isEqualTo(3600);
    assertThat(p3.resolutionCalendarSeconds()).as("30 min on Friday, 60 on Monday").isEqualTo(90 * 60);
    assertThat(p3.responseBreached()).isFalse();
    MonthlyReport.IncidentRow p1 = report.incidents().get(0);
    assertThat(p1.responseCalendarSeconds()).as("24x7: the same as elapsed").isEqualTo(p1.responseSeconds());
    String html = new String(ReportFormat.HTML.render(report), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(html).contains("1 h 0 min <span class=\"muted\">business-hours</span><br><span class=\"muted\">"
        + "2 d 15 h elapsed</span>");
  }

  @Test
  void reportOverHttpEqualsSlaOfEveryDeviceForTheSameMonth() throws Exception {
    JsonNode json = Json.mapper().readTree(body(month.http.get("/api/v1/clients/acme/report?month=2026-10", VIEWER),
        200));
    assertThat(json.get("contractData").asBoolean()).as("the collector's contract engine feeds the report").isTrue();
    assertThat(json.get("devices")).hasSize(4);
    for (JsonNode d : json.get("devices")) {
      String id = d.get("deviceId").asString();
      JsonNode sla = Json.mapper().readTree(body(month.http.get("/api/v1/devices/" + id + "/sla?from="
          + Instant.ofEpochMilli(FROM) + "&to=" + Instant.ofEpochMilli(TO), VIEWER), 200));
      for (String field : List.of("availability", "targetPercent", "measuredSeconds", "downSeconds", "failures",
          "uptimeSeconds", "mttfSeconds", "mttrSeconds", "mtbfSeconds", "mtbfLowerSeconds")) {
        assertThat(d.get(field)).as(id + " " + field).isEqualTo(sla.get(field));
      }
      assertThat(d.get("availability").isNull()).isFalse();
    }
  }

  @Test
  void badMonthIs400UnknownClientIs404() throws Exception {
    for (String bad : List.of("2026-13", "2026-1", "10-2026", "", "2026-10-01")) {
      assertThat(month.http.get("/api/v1/clients/acme/report?month=" + bad, VIEWER).statusCode()).as(bad)
          .isEqualTo(400);
    }
    assertThat(month.http.get("/api/v1/clients/acme/report", VIEWER).statusCode()).isEqualTo(400);
    assertThat(month.http.get("/api/v1/clients/acme/report?month=2026-10&format=pdf", VIEWER).statusCode())
        .isEqualTo(400);
    HttpResponse<byte[]> unknown = month.http.get("/api/v1/clients/initech/report?month=2026-10", VIEWER);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new String(unknown.body(), StandardCharsets.UTF_8)).contains("initech");
    assertThat(month.http.get("/api/v1/clients/acme/report?month=2026-10", null).statusCode()).isEqualTo(401);
  }

  @Test
  void csvAndHtmlComeAsAttachmentsWithTheirTypes() throws Exception {
    HttpResponse<byte[]> csv = month.http.get("/api/v1/clients/acme/report?month=2026-10&format=csv", VIEWER);
    assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    assertThat(csv.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"uptally-acme-2026-10.csv\"");
    String text = body(csv, 200);
    assertThat(text).contains("# devices\r\ndeviceId,hostname,deviceClass,availability", "# credits\r\n",
        "\r\nsrv-db,acme-db01,server,");
    HttpResponse<byte[]> html = month.http.get("/api/v1/clients/acme/report?month=2026-10&format=html", VIEWER);
    assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(body(html, 200)).startsWith("<!DOCTYPE html>").contains("ACME Law LLP — October 2026");
  }

  @Test
  void htmlIsSelfContainedPrintReadyAndShowsTheArithmetic() {
    String html = ReportHtml.render(report);
    assertThat(html).doesNotContainIgnoringCase("<script").doesNotContain("src=\"http").doesNotContain("href=\"http")
        .doesNotContain("<link");
    assertThat(html).contains("@page { size: A4", "@media print", "break-before: page", "<svg class=\"chart\"");
    assertThat(html).contains("5,299,200 s measured", "210.00", "reception-pc", "Thu 15 Oct", "partner-laptop");
    assertThat(html).contains("2 of 3", "availability targets met");
  }

  @Test
  void htmlRendersToPngAndPdfInHeadlessChromium(@TempDir Path work) throws Exception {
    Assumptions.assumeTrue(HeadlessChromium.available(), "skipped: " + HeadlessChromium.BINARY
        + " not found (CI installs Debian's chromium; locally: apt-get install -y chromium)");
    Path html = work.resolve("report-acme-2026-10.html");
    Files.write(html, ReportFormat.HTML.render(report));
    Path png = work.resolve("report.png");
    Path pdf = work.resolve("report.pdf");
    HeadlessChromium chromium = new HeadlessChromium(work);
    chromium.screenshot(html, png);
    chromium.printToPdf(html, pdf);
    byte[] pngBytes = Files.readAllBytes(png);
    assertThat(pngBytes).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    assertThat(pngBytes.length).as("a 1240×1754 page with text, tables and a chart").isGreaterThan(50_000);
    byte[] pdfBytes = Files.readAllBytes(pdf);
    assertThat(new String(pdfBytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    assertThat(pdfBytes.length).isGreaterThan(20_000);
    String example = System.getProperty("uptally.example.dir");
    if (example != null && !example.isBlank()) { // how docs/examples/report-acme-2026-10.{html,png} are made
      Path dir = Files.createDirectories(Path.of(example));
      Files.copy(html, dir.resolve("report-acme-2026-10.html"), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(png, dir.resolve("report-acme-2026-10.png"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static String body(HttpResponse<byte[]> r, int status) {
    String text = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as(text).isEqualTo(status);
    return text;
  }

  MonthlyReport report() {
    return report;
  }
}
