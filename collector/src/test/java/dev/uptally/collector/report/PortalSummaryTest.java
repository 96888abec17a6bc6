package dev.uptally.collector.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.portal.PortalSummaries;
import dev.uptally.collector.portal.PortalSummary;
import dev.uptally.common.json.Json;
import dev.uptally.config.collector.ApiConfig;
import dev.uptally.config.collector.CollectorConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The client portal's summary of the simulated October ({@link SimulatedMonth}) against figures worked out by hand
 * from the script, as in {@link MonthlyReportTest}: servers 2 × 736 h measured with 7,200 s down against 99.9 %,
 * so a budget of 5,299.2 s overspent by 1,900.8 s; the workstation 220 business hours with 1,800 s down against
 * 99.0 %, a budget of 7,920 s with 6,120 s left; the laptop never down against 98.0 %.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalSummaryTest {

  private static final String VIEWER = "viewer-token-0123456789";
  private static final String ACME_PORTAL = "acme-portal-token-0123456789";
  private static final long SERVER_MEASURED_S = 2 * 736 * 3600;
  private static final long BUSINESS_S = 220 * 3600;

  private SimulatedMonth month;
  private PortalSummary october;

  @BeforeAll
  void simulate(@TempDir Path dir) throws Exception {
    month = new SimulatedMonth(dir, PortalSummaryTest::withAcmePortalToken);
    CollectorApp app = month.app;
    MonthlyReportBuilder reports = new MonthlyReportBuilder(app.fleet(), app.queries(), app.contracts(),
        SimulatedMonth.contractEngine(), month.clock, CollectorApp.CONFIDENCE);
    october = new PortalSummaries(reports, app.queries(), client -> OptionalLong.of(SimulatedMonth.FROM), month.clock)
        .summary("acme", YearMonth.of(2026, 10)).orElseThrow();
  }

  private static CollectorConfig withAcmePortalToken(CollectorConfig c) {
    List<ApiConfig.ApiToken> tokens = new ArrayList<>(c.api().tokens());
    tokens.add(new ApiConfig.ApiToken("acme-portal", ACME_PORTAL, ApiConfig.Role.VIEWER, Set.of("acme")));
    return new CollectorConfig(c.server(), c.storage(), new ApiConfig(tokens), c.heartbeat(), c.calendars(),
        c.contracts(), c.clients(), c.notifications());
  }

  @AfterAll
  void stop() {
    if (month != null) {
      month.close();
    }
  }

  @Test
  void eachClassHasItsAvailabilityAgainstTargetAndTheErrorBudgetLeft() {
    assertThat(october.classes()).extracting(PortalSummary.ClassFigures::deviceClass,
        PortalSummary.ClassFigures::devices, PortalSummary.ClassFigures::targetPercent,
        PortalSummary.ClassFigures::measuredSeconds, PortalSummary.ClassFigures::downSeconds,
        PortalSummary.ClassFigures::meetsTarget, PortalSummary.ClassFigures::budgetSeconds,
        PortalSummary.ClassFigures::budgetLeftSeconds)
        .containsExactly(
            tuple("server", 2, 99.9, SERVER_MEASURED_S, 7200L, false, 5299L, -1901L),
            tuple("workstation", 1, 99.0, BUSINESS_S, 1800L, true, 7920L, 6120L),
            tuple("laptop", 1, 98.0, BUSINESS_S, 0L, true, 15840L, 15840L));
    assertThat(october.classes().get(0).availability())
        .isEqualTo((SERVER_MEASURED_S - 7200.0) / SERVER_MEASURED_S);
  }

  @Test
  void theMonthIsTheClientsInItsZoneAndLanguageWithTheNightsMachinesWereLeftOff() {
    assertThat(october.clientName()).isEqualTo("ACME Law LLP");
    assertThat(october.timezone()).isEqualTo("America/New_York");
    assertThat(october.language()).isEqualTo("en");
    assertThat(october.month()).isEqualTo("2026-10");
    assertThat(october.monthInProgress()).isFalse();
    assertThat(october.patchNightsKnown()).isTrue();
    // the September night and globex's are not acme's October
    assertThat(october.missedPatchNights()).extracting(PortalSummary.MissedPatchNight::hostname,
        PortalSummary.MissedPatchNight::night, PortalSummary.MissedPatchNight::cause)
        .containsExactly(tuple("partner-laptop", LocalDate.of(2026, 10, 6), "asleep"),
            tuple("partner-laptop", LocalDate.of(2026, 10, 8), "asleep"),
            tuple("reception-pc", LocalDate.of(2026, 10, 15), "shutdown"));
  }

  @Test
  void theMachinesAreAcmesWithTheirLiveStateAndTheReportsGoBackToTheFirstMonth() {
    assertThat(october.devices()).extracting(PortalSummary.Machine::hostname, PortalSummary.Machine::state)
        .containsExactly(tuple("acme-db01", "up"), tuple("acme-web01", "up"), tuple("partner-laptop", "up"),
            tuple("reception-pc", "up"));
    assertThat(october.reports()).extracting(PortalSummary.Report::month, PortalSummary.Report::inProgress,
        PortalSummary.Report::csvUrl)
        .containsExactly(tuple("2026-11", true, "/api/v1/clients/acme/report?month=2026-11&format=csv"),
            tuple("2026-10", false, "/api/v1/clients/acme/report?month=2026-10&format=csv"));
  }

  @Test
  void theRouteServesTheMonthInProgressByDefaultAndRefusesMonthsNotBegun() throws Exception {
    JsonNode now = json(month.http.get("/api/v1/clients/acme/summary", ACME_PORTAL));
    assertThat(now.get("month").asText()).isEqualTo("2026-11");
    assertThat(now.get("monthInProgress").asBoolean()).isTrue();
    JsonNode oct = json(month.http.get("/api/v1/clients/acme/summary?month=2026-10", ACME_PORTAL));
    assertThat(oct.get("classes").get(0).get("budgetLeftSeconds").asLong()).isEqualTo(-1901);
    assertThat(oct.get("devices")).extracting(d -> d.get("hostname").asText())
        .containsExactly("acme-db01", "acme-web01", "partner-laptop", "reception-pc");
    assertThat(month.http.get("/api/v1/clients/acme/summary?month=2026-12", ACME_PORTAL).statusCode()).isEqualTo(400);
    assertThat(month.http.get("/api/v1/clients/acme/summary?month=oct", ACME_PORTAL).statusCode()).isEqualTo(400);
    assertThat(month.http.get("/api/v1/clients/acme/summary", null).statusCode()).isEqualTo(401);
  }

  @Test
  void aScopedTokenListsOnlyItsClientAndAnotherClientsSummaryIsAnUnknownOne() throws Exception {
    assertThat(json(month.http.get("/api/v1/clients", ACME_PORTAL))).extracting(c -> c.get("id").asText(),
        c -> c.get("name").asText(), c -> c.get("timezone").asText())
        .containsExactly(tuple("acme", "ACME Law LLP", "America/New_York"));
    assertThat(json(month.http.get("/api/v1/clients", VIEWER))).extracting(c -> c.get("id").asText())
        .containsExactly("acme", "globex");
    HttpResponse<byte[]> foreign = month.http.get("/api/v1/clients/globex/summary", ACME_PORTAL);
    HttpResponse<byte[]> unknown = month.http.get("/api/v1/clients/nobody/summary", ACME_PORTAL);
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(new String(foreign.body(), StandardCharsets.UTF_8))
        .isEqualTo(new String(unknown.body(), StandardCharsets.UTF_8).replace("nobody", "globex"));
    assertThat(month.http.get("/api/v1/clients/globex/summary", VIEWER).statusCode()).isEqualTo(200);
  }

  private static JsonNode json(HttpResponse<byte[]> r) {
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }
}
