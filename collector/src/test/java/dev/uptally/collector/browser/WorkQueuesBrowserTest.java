package dev.uptally.collector.browser;

import static dev.uptally.collector.browser.DemoFleet.DAY;
import static dev.uptally.collector.browser.DemoFleet.HOUR;
import static dev.uptally.collector.browser.DemoFleet.INTERVAL;
import static dev.uptally.collector.browser.DemoFleet.MINUTE;
import static dev.uptally.collector.browser.NocDashboard.testId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.sla.TestConfigs;
import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.ShutdownReason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The incidents and violations pages worked in a real headless Chromium against a real collector on loopback (as
 * {@link DashboardBrowserTest}, whose helpers this reuses). Four devices of client acme with eight days of history:
 * two servers silent for the last two hours (two P1 deviceDown incidents), a workstation shut down and a laptop
 * asleep from a week ago until two hours ago (every patch window in between missed: cause shutdown and asleep).
 * Screenshots for the README go to {@code docs/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkQueuesBrowserTest {

  private static final String OPERATOR_TOKEN = "noc-token-0123456789";
  private static final String NOTE = "ticket 4711: DC power, on site";
  private static final String WORKSTATION_HOST = "acct-ws-006";
  private static final List<String> SILENT_SERVERS = List.of("srv-acme-db01", "srv-acme-web02");

  private CollectorApp app;
  private HeadlessChromium browser;
  private NocDashboard dashboard;
  private CollectorHttp api;
  private String base;
  private WebDriverWait wait;
  private long nowMillis;

  @BeforeAll
  void startCollectorFleetAndBrowser(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    HeadlessChromium.Binaries binaries = HeadlessChromium.Binaries.locate();
    Assumptions.assumeTrue(binaries.missing().isEmpty(),
        () -> binaries.missing().orElseThrow() + "; skipping the work-queues browser test");
    nowMillis = Instant.now().truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
    long start = nowMillis - 2 * MINUTE;
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(start));
    app = new CollectorApp(TestConfigs.standard(ZoneId.of("America/New_York"), dir.resolve("uptally.db"),
        List.of()), clock, HttpTimeouts.DEFAULTS, 2);
    api = new CollectorHttp(app.start());
    base = "http://127.0.0.1:" + app.address().getPort();
    long first = start - 8 * DAY;
    long back = start - 2 * HOUR;
    List<DeviceScript> live = List.of(
        device("ws-acme-006", WORKSTATION_HOST, "workstation", first).beatUntil(first + HOUR)
            .shutdown(ShutdownReason.OS, 1000).boot(back, back + INTERVAL).beatUntil(start),
        device("lt-acme-007", "acct-lt-007", "laptop", first).beatUntil(first + HOUR).sleepUntil(back, INTERVAL)
            .beatUntil(start));
    List<DeviceScript> silent = List.of(
        device(SILENT_SERVERS.get(0), "acme-db01", "server", first).beatUntil(back),
        device(SILENT_SERVERS.get(1), "acme-web02", "server", first).beatUntil(back));
    Map<String, String> tokens = new HashMap<>();
    Map<String, Integer> sent = new HashMap<>();
    for (DeviceScript d : concat(live, silent)) {
      String body = api.post("/v1/enroll", "acme-enroll-token-0123456789", new EnrollRequest(d.deviceId(),
          d.hostname(), d.deviceClass(), "America/New_York", "1.0.0", null, Map.of()));
      tokens.put(d.deviceId(), Json.mapper().readValue(body, EnrollResponse.class).deviceToken());
      send(d, tokens, sent, start);
    }
    // as in DashboardBrowserTest: silence is declared one grace after the start, so time moves a minute at a time
    for (long t = start + MINUTE; t <= nowMillis; t += MINUTE) {
      clock.set(Instant.ofEpochMilli(t));
      for (DeviceScript d : live) {
        d.beatUntil(t);
        send(d, tokens, sent, t);
      }
    }
    app.fleet().tickAll(nowMillis).join();
    app.contractEngine().awaitIdle();
    app.contractEngine().evaluate(nowMillis);
    app.contractEngine().awaitIdle();
    browser = HeadlessChromium.start(binaries, dir, Path.of(System.getProperty("basedir", "."), "target",
        "screenshots", "work-queues"), 1366, 900);
    dashboard = new NocDashboard(browser.driver(), base);
    wait = new WebDriverWait(browser.driver(), Duration.ofSeconds(20));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @BeforeEach
  void signedIn() {
    browser.driver().manage().window().setSize(new Dimension(1366, 900));
    dashboard.openSignedOut();
    dashboard.signIn(OPERATOR_TOKEN, 4);
  }

  @AfterEach
  void noErrorsInTheBrowserConsole() {
    assertThat(browser.consoleErrors()).as("errors in the browser console").isEmpty();
  }

  @Test
  void twoIncidentsAcknowledgedTogetherWithANoteFromThePageRecordWhoWhenAndTheNote() throws Exception {
    List<String> ids = new ArrayList<>();
    api.get("/api/v1/incidents?state=open", OPERATOR_TOKEN).forEach(i -> ids.add(i.get("id").asString()));
    assertThat(ids).hasSize(2);
    WebElement row = dashboard.openIncidents(ids.get(0));
    assertThat(row.getText()).contains("P1", "deviceDown").containsAnyOf("acme-db01", "acme-web02")
        .contains("response due in");
    assertThat(dashboard.currentUrl()).contains("#/incidents");

    driver().findElement(testId("incident-note")).sendKeys(NOTE);
    for (String id : ids) {
      driver().findElement(By.cssSelector("[data-testid=incident-select][data-incident-id='" + id + "']")).click();
    }
    assertThat(driver().findElement(testId("bulk-count")).getText()).isEqualTo("2 selected");
    screenshot("incidents.png");
    driver().findElement(testId("bulk-ack")).click();
    wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=incident-feedback] .notice"),
        "2 incidents acknowledged."));
    for (String id : ids) {
      assertThat(dashboard.incidentGone(id)).isTrue();
      JsonNode recorded = api.get("/api/v1/incidents/" + id, OPERATOR_TOKEN);
      assertThat(recorded.get("state").asString()).isEqualTo("acknowledged");
      assertThat(recorded.get("acknowledgedBy").asString()).isEqualTo("noc");
      assertThat(recorded.get("ackNote").asString()).isEqualTo(NOTE);
      assertThat(Instant.parse(recorded.get("acknowledgedAt").asString())).isEqualTo(Instant.ofEpochMilli(nowMillis));
    }
    dashboard.incidentTab("acknowledged");
    WebElement acked = dashboard.incidentRow(ids.get(0));
    assertThat(acked.findElement(testId("incident-acknowledged")).getText()).contains("noc", NOTE);
    WebElement time = acked.findElement(By.cssSelector("[data-testid=incident-acknowledged] time"));
    assertThat(time.getDomAttribute("title")).as("UTC on hover")
        .isEqualTo(Instant.ofEpochMilli(nowMillis).toString().substring(0, 16).replace('T', ' ') + " UTC");
    assertThat(dashboard.currentUrl()).contains("state=acknowledged", "sort=priority");
  }

  @Test
  void aFilteredViolationListExportsExactlyItsRowsAsCsvAndRollsUpPerDevice() throws Exception {
    driver().get(base + "/#/violations");
    wait.until(d -> !d.findElements(testId("violation-row")).isEmpty());
    new Select(driver().findElement(testId("violations-cause"))).selectByValue("shutdown");
    wait.until(ExpectedConditions.urlContains("cause=shutdown"));
    List<WebElement> rows = wait.until(d -> {
      List<WebElement> r = d.findElements(testId("violation-row"));
      return !r.isEmpty() && r.stream().allMatch(e -> e.getText().contains(WORKSTATION_HOST)) ? r : null;
    });
    List<String> tableIds = rows.stream().map(r -> r.getDomAttribute("data-violation-id")).toList();
    assertThat(rows.get(0).getText()).contains("patch-window-missed", "shutdown", " of 3 h, needs 30 min")
        .doesNotContain("10800");

    String href = driver().findElement(testId("violations-csv")).getDomAttribute("href");
    assertThat(href).contains("cause=shutdown", "format=csv").doesNotContain(OPERATOR_TOKEN);
    HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + href))
        .header("Authorization", "Bearer " + OPERATOR_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    List<List<String>> lines = parseCsv(csv.body());
    assertThat(lines.get(0)).startsWith("id", "type", "party", "clientId", "deviceId", "hostname");
    List<List<String>> data = lines.subList(1, lines.size());
    assertThat(data).extracting(l -> l.get(0)).containsExactlyElementsOf(tableIds);
    assertThat(data).allSatisfy(l -> assertThat(l).contains(WORKSTATION_HOST, "shutdown"));
    screenshot("violations.png");

    driver().findElement(testId("violations-view-rollup")).click();
    WebElement summary = wait.until(ExpectedConditions.visibilityOfElementLocated(testId("rollup-summary")));
    // how many windows were judged is the API's to say (ViolationQueriesTest checks it against the calendar): the
    // page must show it, with the count of the rows it listed
    JsonNode rollup = api.get("/api/v1/violations/rollup?cause=shutdown", OPERATOR_TOKEN);
    assertThat(rollup).hasSize(1);
    assertThat(rollup.get(0).get("count").asInt()).isEqualTo(tableIds.size());
    assertThat(rollup.get(0).get("of").asInt()).isGreaterThanOrEqualTo(tableIds.size());
    assertThat(summary.getText()).isEqualTo(WORKSTATION_HOST + " missed " + tableIds.size() + " of "
        + rollup.get(0).get("of").asInt());
    assertThat(driver().findElements(testId("rollup-row"))).hasSize(1);
    browser.screenshot("violations-rollup");
  }

  @Test
  void theIncidentsPageFitsA390PixelWideScreen() throws Exception {
    driver().manage().window().setSize(new Dimension(390, 844));
    driver().get(base + "/#/incidents?state=&sort=priority");
    wait.until(d -> d.findElements(testId("incident-row")).size() == 2);
    long width = ((Number) ((JavascriptExecutor) driver()).executeScript(
        "return document.documentElement.scrollWidth;")).longValue();
    long viewport = ((Number) ((JavascriptExecutor) driver()).executeScript(
        "return document.documentElement.clientWidth;")).longValue();
    assertThat(viewport).as("the viewport").isLessThanOrEqualTo(390);
    assertThat(width).as("the page's width at 390 px").isLessThanOrEqualTo(390);
    screenshot("incidents-390.png");
  }

  private WebDriver driver() {
    return browser.driver();
  }

  /** A screenshot for the README, in {@code docs/screenshots/} at the repository's root. */
  private void screenshot(String name) throws Exception {
    Path docs = Path.of(System.getProperty("basedir", "."), "..", "docs", "screenshots").normalize();
    Files.createDirectories(docs);
    Files.write(docs.resolve(name), browser.driver().getScreenshotAs(OutputType.BYTES));
  }

  private static DeviceScript device(String id, String host, String cls, long firstMillis) {
    Health health = new Health(new Health.Cpu(0.2, 1.0, 50.0), new Health.Memory(16L << 30, 8L << 30, 0L, 0L),
        List.of(new Health.Disk("/", 1L << 40, 1L << 39)), null, List.of(), false);
    return DeviceScript.device(id, cls).hostname(host).everyMillis(INTERVAL).health(health)
        .start(firstMillis - HOUR, firstMillis);
  }

  private void send(DeviceScript d, Map<String, String> tokens, Map<String, Integer> sent, long sentAtMillis)
      throws Exception {
    List<Sample> all = d.samples();
    List<Sample> samples = all.subList(sent.getOrDefault(d.deviceId(), 0), all.size());
    for (int i = 0; i < samples.size(); i += 1000) {
      api.post("/v1/heartbeats", tokens.get(d.deviceId()),
          new HeartbeatBatch(d.deviceId(), sentAtMillis, samples.subList(i, Math.min(samples.size(), i + 1000))));
    }
    sent.put(d.deviceId(), all.size());
  }

  private static List<DeviceScript> concat(List<DeviceScript> a, List<DeviceScript> b) {
    List<DeviceScript> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** RFC 4180 as the test reads it, independent of the collector's writer. */
  private static List<List<String>> parseCsv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted && c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
        cell.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (!quoted && c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        cell.append(c);
      }
    }
    return rows;
  }
}
