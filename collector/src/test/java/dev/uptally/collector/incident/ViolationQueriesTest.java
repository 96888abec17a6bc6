package dev.uptally.collector.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.ShutdownReason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Violations of four weeks of history sent to a real collector (as a spool replay would) and judged: the fixtures'
 * patch window TUE 01:00-04:00 New York, minOnline 30 min. ws-off is shut down every Monday night (missing every
 * window: cause shutdown), lt-some sleeps through two of them (cause asleep), srv-ok is always up. The expectations
 * of the rollup are counted here from the calendar, not from the collector.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViolationQueriesTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final long MINUTE = 60_000;
  /** The laptop's hostname is what its agent sent: a spreadsheet formula, which CSV must not let run. */
  private static final String FORMULA_HOST = "=HYPERLINK(\"http://evil\",\"lt\")";
  private static final long FIRST = at("2026-10-28T09:00");
  private static final long NOW = at("2026-11-25T12:00");

  private MutableClock clock;
  private CollectorApp app;
  private ApiClient api;
  private int port;

  private static long at(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }

  @BeforeAll
  void fourWeeksOfHistoryJudged(@TempDir Path dir) throws Exception {
    clock = new MutableClock(Instant.ofEpochMilli(NOW));
    app = new CollectorApp(ContractFixtures.config(NY, dir.resolve("uptally.db")), clock, HttpTimeouts.DEFAULTS, 2);
    port = app.start().getPort();
    api = new ApiClient(app.address());
    DeviceScript off = IncidentDevices.device("ws-off", "workstation", FIRST);
    DeviceScript some = DeviceScript.device("lt-some", "laptop").hostname(FORMULA_HOST)
        .everyMillis(IncidentDevices.INTERVAL).health(IncidentDevices.HEALTHY).start(FIRST - MINUTE, FIRST);
    DeviceScript ok = IncidentDevices.device("srv-ok", "server", FIRST);
    for (LocalDate monday : List.of(LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 9), LocalDate.of(2026, 11, 16),
        LocalDate.of(2026, 11, 23))) {
      off.beatUpTo(at(monday + "T20:00")).shutdown(ShutdownReason.OS, 1000)
          .boot(at(monday.plusDays(1) + "T07:00"), at(monday.plusDays(1) + "T07:00") + 30_000);
      if (monday.getDayOfMonth() == 9 || monday.getDayOfMonth() == 23) {
        some.beatUpTo(at(monday + "T22:00")).sleepUntil(at(monday.plusDays(1) + "T06:00"), 30_000);
      }
    }
    off.beatUpTo(NOW);
    some.beatUpTo(NOW);
    ok.beatUpTo(NOW);
    for (DeviceScript d : List.of(off, some, ok)) {
      api.send(enroll(d), d.deviceId(), d.samples(), NOW);
    }
    app.contractEngine().awaitIdle();
    app.contractEngine().evaluate(NOW);
    app.contractEngine().awaitIdle();
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void aMonthIsTheClientsAndSelectsTheViolationsOverlappingIt() throws Exception {
    JsonNode november = api.get("/api/v1/violations?month=2026-11");
    assertThat(november).hasSize(6).allSatisfy(v -> assertThat(v.get("type").asText()).isEqualTo("patch-window-missed"));
    assertThat(november).extracting(v -> v.get("start").asText()).contains("2026-11-03T06:00:00Z",
        "2026-11-24T06:00:00Z");
    assertThat(api.get("/api/v1/violations?month=2026-10")).isEmpty();
    assertThat(api.get("/api/v1/violations?month=2026-11&cause=asleep"))
        .extracting(v -> v.get("deviceId").asText() + "@" + v.get("start").asText())
        .containsExactly("lt-some@2026-11-10T06:00:00Z", "lt-some@2026-11-24T06:00:00Z");
    assertThat(api.get("/api/v1/violations?month=2026-11&cause=shutdown,asleep")).hasSize(6);
    assertThat(api.get("/api/v1/violations?month=2026-11&type=availability-below-target")).isEmpty();
    assertThat(api.get("/api/v1/violations?month=2026-11&party=msp")).isEmpty();
    assertThat(api.get("/api/v1/violations?from=2026-11-09&to=2026-11-18")).hasSize(3);
  }

  @Test
  void everyViolationCarriesItsDevicesHostname() throws Exception {
    assertThat(api.get("/api/v1/violations?month=2026-11")).allSatisfy(v -> assertThat(v.get("hostname").asText())
        .isEqualTo(v.get("deviceId").asText().equals("lt-some") ? FORMULA_HOST : "host-" + v.get("deviceId").asText()));
  }

  @Test
  void badFiltersAre400sNamingWhatIsAllowed() throws Exception {
    assertThat(bad("/api/v1/violations?month=2026-11&from=2026-11-01")).contains("alternative to 'from'/'to'");
    assertThat(bad("/api/v1/violations?month=11-2026")).contains("parameter 'month' must be YYYY-MM");
    assertThat(bad("/api/v1/violations?type=patch")).contains("parameter 'type' must be one of patch-window-missed,"
        + " availability-below-target, response-breach, resolution-breach, got 'patch'");
    assertThat(bad("/api/v1/violations?cause=crashed")).contains("shutdown, asleep, silent, crash, unknown");
    assertThat(bad("/api/v1/violations?limit=5001")).contains("parameter 'limit' must be an integer in [1, 5000]");
    assertThat(bad("/api/v1/violations?limit=0")).contains("[1, 5000]");
    assertThat(bad("/api/v1/violations?offset=-1")).contains("parameter 'offset'");
    assertThat(bad("/api/v1/violations?format=xml")).contains("parameter 'format' must be json or csv");
    assertThat(bad("/api/v1/violations/rollup?limit=5")).contains("unknown query parameter 'limit'");
  }

  @Test
  void pagesCarryTheTotalAvailableAndFollowTheOrderAskedFor() throws Exception {
    HttpResponse<String> first = ok("/api/v1/violations?month=2026-11&limit=4");
    HttpResponse<String> rest = ok("/api/v1/violations?month=2026-11&limit=4&offset=4");
    HttpResponse<String> beyond = ok("/api/v1/violations?month=2026-11&offset=10");
    assertThat(first.headers().firstValue("X-Total-Count")).hasValue("6");
    assertThat(rest.headers().firstValue("X-Total-Count")).hasValue("6");
    assertThat(beyond.headers().firstValue("X-Total-Count")).hasValue("6");
    List<String> starts = new ArrayList<>();
    Json.mapper().readTree(first.body()).forEach(v -> starts.add(v.get("start").asText()));
    assertThat(starts).hasSize(4).isSorted();
    List<String> later = new ArrayList<>();
    Json.mapper().readTree(rest.body()).forEach(v -> later.add(v.get("start").asText()));
    assertThat(later).hasSize(2).allSatisfy(s -> assertThat(s).isGreaterThanOrEqualTo(starts.get(3)));
    assertThat(Json.mapper().readTree(beyond.body())).isEmpty();
    JsonNode newest = Json.mapper().readTree(ok("/api/v1/violations?month=2026-11&order=desc&limit=1").body());
    assertThat(newest.get(0).get("start").asText()).isEqualTo("2026-11-24T06:00:00Z");
  }

  @Test
  void theRollupCountsEachDevicesMissesOfTheWindowsItWasJudgedOn() throws Exception {
    assertThat(rollup("month=2026-11")).containsExactly(
        "ws-off host-ws-off patch-window-missed customer 4 of " + tuesdayWindows("2026-11-01", "2026-12-01"),
        "lt-some " + FORMULA_HOST + " patch-window-missed customer 2 of " + tuesdayWindows("2026-11-01", "2026-12-01"));
    assertThat(rollup("from=2026-11-09&to=2026-11-18")).containsExactly(
        "ws-off host-ws-off patch-window-missed customer 2 of " + tuesdayWindows("2026-11-09", "2026-11-18"),
        "lt-some " + FORMULA_HOST + " patch-window-missed customer 1 of " + tuesdayWindows("2026-11-09", "2026-11-18"));
    assertThat(rollup("month=2026-11&cause=asleep")).containsExactly(
        "lt-some " + FORMULA_HOST + " patch-window-missed customer 2 of 4");
    assertThat(tuesdayWindows("2026-11-01", "2026-12-01")).as("Tuesdays 3, 10, 17, 24; the 24th's has ended")
        .isEqualTo(4);
  }

  @Test
  void csvOfTheFilterQuotesFieldsAndDefusesAFormulaHostname() throws Exception {
    HttpResponse<String> csv = ok("/api/v1/violations?month=2026-11&cause=asleep&format=csv");
    assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    assertThat(csv.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"violations-2026-11.csv\"");
    assertThat(csv.headers().firstValue("X-Total-Count")).hasValue("2");
    List<List<String>> rows = IncidentWorkQueueTest.Rfc4180.parse(csv.body());
    assertThat(rows.get(0)).containsExactly("id", "type", "party", "clientId", "deviceId", "hostname", "start", "end",
        "cause", "detail");
    JsonNode json = api.get("/api/v1/violations?month=2026-11&cause=asleep");
    assertThat(rows).hasSize(1 + json.size());
    for (int i = 0; i < json.size(); i++) {
      JsonNode v = json.get(i);
      assertThat(rows.get(i + 1)).containsExactly(v.get("id").asText(), "patch-window-missed", "customer", "acme",
          "lt-some", "'" + FORMULA_HOST, v.get("start").asText(), v.get("end").asText(), "asleep",
          v.get("detail").asText());
    }
    assertThat(json.get(0).get("detail").asText()).contains(", ");
    assertThat(csv.body()).contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"lt\"\")\"");

    HttpRequest accept = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/api/v1/violations?month=2026-11&cause=asleep")).header("Authorization", "Bearer "
        + ContractFixtures.VIEWER_TOKEN).header("Accept", "text/csv").GET().build();
    HttpResponse<String> byAccept = HttpClient.newHttpClient().send(accept, HttpResponse.BodyHandlers.ofString());
    assertThat(byAccept.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    assertThat(byAccept.body()).isEqualTo(csv.body());
  }

  /**
   * Patch windows (Tuesday 01:00-04:00 New York) overlapping {@code [from, to)} (dates at midnight New York for a
   * month, UTC for from/to as the API reads them) that lie within the devices' timelines and ended before now.
   */
  private static int tuesdayWindows(String from, String to) {
    boolean month = from.endsWith("-01") && to.endsWith("-01");
    long fromMillis = month ? LocalDate.parse(from).atStartOfDay(NY).toInstant().toEpochMilli()
        : LocalDate.parse(from).atStartOfDay(ZoneId.of("UTC")).toInstant().toEpochMilli();
    long toMillis = month ? LocalDate.parse(to).atStartOfDay(NY).toInstant().toEpochMilli()
        : LocalDate.parse(to).atStartOfDay(ZoneId.of("UTC")).toInstant().toEpochMilli();
    int n = 0;
    for (LocalDate d = LocalDate.of(2026, 10, 1); d.isBefore(LocalDate.of(2026, 12, 31)); d = d.plusDays(1)) {
      if (d.getDayOfWeek() != DayOfWeek.TUESDAY) {
        continue;
      }
      long start = d.atTime(1, 0).atZone(NY).toInstant().toEpochMilli();
      long end = d.atTime(4, 0).atZone(NY).toInstant().toEpochMilli();
      if (start < toMillis && end > fromMillis && start >= FIRST && end <= NOW) {
        n++;
      }
    }
    return n;
  }

  private List<String> rollup(String query) throws Exception {
    List<String> out = new ArrayList<>();
    api.get("/api/v1/violations/rollup?" + query).forEach(r -> out.add(r.get("deviceId").asText() + " "
        + r.get("hostname").asText() + " " + r.get("type").asText() + " " + r.get("party").asText() + " "
        + r.get("count").asInt() + " of " + r.get("of").asInt()));
    return out;
  }

  private String enroll(DeviceScript d) throws Exception {
    HttpResponse<String> r = api.post("/v1/enroll", ContractFixtures.ENROLL_TOKEN, Json.mapper().writeValueAsString(
        new EnrollRequest(d.deviceId(), d.deviceId().equals("lt-some") ? FORMULA_HOST : "host-" + d.deviceId(),
            d.deviceClass(), NY.getId(), "1.0.0", null, Map.of())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.mapper().readValue(r.body(), EnrollResponse.class).deviceToken();
  }

  private HttpResponse<String> ok(String pathAndQuery) throws Exception {
    HttpResponse<String> r = api.getRaw(pathAndQuery, ContractFixtures.VIEWER_TOKEN);
    assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
    return r;
  }

  private String bad(String pathAndQuery) throws Exception {
    HttpResponse<String> r = api.getRaw(pathAndQuery, ContractFixtures.VIEWER_TOKEN);
    assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(400);
    return r.body();
  }
}
