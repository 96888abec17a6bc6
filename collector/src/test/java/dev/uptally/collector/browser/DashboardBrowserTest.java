package dev.uptally.collector.browser;

import static dev.uptally.collector.browser.DemoFleet.CRASHED_SERVER;
import static dev.uptally.collector.browser.DemoFleet.CRASHED_SERVER_HOST;
import static dev.uptally.collector.browser.DemoFleet.SILENT_SERVER;
import static dev.uptally.collector.browser.DemoFleet.SLEEPING_LAPTOP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.sla.TestConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;

/**
 * The NOC dashboard in a real headless Chromium against a real collector on loopback, fed a week and a half of
 * history by seven devices over HTTP. Screenshots of each step go to {@code target/screenshots/}. Skips with a
 * message when Chromium or chromedriver is absent, so {@code ./mvnw verify} passes on a machine with only a JDK;
 * {@code .ci/run} installs Debian's {@code chromium} and {@code chromium-driver}.
 *
 * <p>The collector's clock is a {@link MutableClock} near the real time (on a whole minute, never ahead of it),
 * because the dashboard asks for "the last 7 days" by the browser's clock; the test moves it only to let the
 * collector declare a server silent and open its incident.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

  private static final String OPERATOR_TOKEN = "noc-token-0123456789";
  private static final int DEVICES = 8;

  private CollectorApp app;
  private HeadlessChromium browser;
  private NocDashboard dashboard;
  private CollectorHttp api;

  @RegisterExtension
  final TestWatcher screenshotOnFailure = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (browser != null) {
        browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
      }
    }
  };

  @BeforeAll
  void startCollectorFleetAndBrowser(@TempDir Path dir) throws Exception {
    HeadlessChromium.Binaries binaries = HeadlessChromium.Binaries.locate();
    Assumptions.assumeTrue(binaries.missing().isEmpty(),
        () -> binaries.missing().orElseThrow() + "; skipping the dashboard browser test");
    long now = Instant.now().truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
    long start = now - 2 * DemoFleet.MINUTE;
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(start));
    app = new CollectorApp(TestConfigs.standard(ZoneId.of("America/New_York"), dir.resolve("uptally.db"),
        java.util.List.of() /* no maintenance window: this test runs on the wall clock */), clock,
        HttpTimeouts.DEFAULTS, 2);
    api = new CollectorHttp(app.start());
    DemoFleet fleet = new DemoFleet(start);
    fleet.enrollAndSend(api);
    // The collector declares silence only one grace period (90 s) after it started: move time on a minute at a
    // time, the others reporting each minute, until the silent server is declared down and its incident opens.
    for (long t = start + DemoFleet.MINUTE; t <= now; t += DemoFleet.MINUTE) {
      clock.set(Instant.ofEpochMilli(t));
      fleet.heartbeatUntil(api, t);
    }
    app.fleet().tickAll(now).join();
    app.contractEngine().awaitIdle();
    browser = HeadlessChromium.start(binaries, dir, screenshotDirectory(), 1366, 900);
    dashboard = new NocDashboard(browser.driver(), "http://127.0.0.1:" + app.address().getPort());
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
  void signedOutTab() {
    dashboard.openSignedOut();
  }

  @AfterEach
  void noErrorsInTheBrowserConsole() {
    assertThat(browser.consoleErrors()).as("errors in the browser console").isEmpty();
  }

  @Test
  void wrongTokenIsRefusedAndTheOperatorTokenOpensTheFleet() {
    dashboard.submitToken("not-a-token-of-this-collector");
    assertThat(dashboard.signInError()).contains("refused");
    // the console shows the refused request (and so would show any other error: see noErrorsInTheBrowserConsole)
    assertThat(browser.consoleErrors()).singleElement().asString().contains("/api/v1/devices?limit=1", "401");
    browser.screenshot("signin-refused");

    dashboard.signIn(OPERATOR_TOKEN, DEVICES);
    assertThat(dashboard.summaryCounts("acme")).containsExactly("4", "0", "1", "0", "0", "5");
    assertThat(dashboard.summaryCounts("globex")).containsExactly("2", "1", "0", "0", "0", "3");
    List<WebElement> rows = dashboard.awaitDeviceRows(DEVICES);
    assertThat(rows).extracting(r -> r.getDomAttribute("data-device-id")).contains(CRASHED_SERVER, SILENT_SERVER);
    assertThat(rows).filteredOn(r -> "down".equals(r.getDomAttribute("data-state")))
        .extracting(r -> r.getDomAttribute("data-device-id")).containsExactly(SILENT_SERVER);
    assertThat(dashboard.currentUrl()).doesNotContain(OPERATOR_TOKEN);
    browser.screenshot("fleet-overview");
  }

  @Test
  void searchFindsTheServerAndItsTimelineShowsTheCrash() {
    dashboard.signIn(OPERATOR_TOKEN, DEVICES);
    List<WebElement> hits = dashboard.search("dc01", 1);
    assertThat(hits.get(0).getDomAttribute("data-device-id")).isEqualTo(CRASHED_SERVER);
    assertThat(hits.get(0).getText()).contains(CRASHED_SERVER_HOST);
    browser.screenshot("fleet-search");

    WebElement strip = dashboard.openDevice(CRASHED_SERVER);
    assertThat(dashboard.segments("crash")).hasSize(1);
    assertThat(dashboard.segments("up")).hasSize(2);
    assertThat(strip.getDomAttribute("aria-label")).contains("crash: 1 interval, 25m");
    assertThat(dashboard.byTestId("outages").getText()).contains("crash");
    browser.screenshot("device-timeline-7-days");

    dashboard.range(30);
    assertThat(dashboard.segments("crash")).hasSize(1);
    assertThat(dashboard.currentUrl()).endsWith("#/device/" + CRASHED_SERVER + "?days=30");
    browser.screenshot("device-timeline-30-days");
  }

  @Test
  void laptopAsleepEveryNightShowsSleepNotDowntime() {
    dashboard.signIn(OPERATOR_TOKEN, DEVICES);
    dashboard.search("partner", 1);
    dashboard.openDevice(SLEEPING_LAPTOP);
    assertThat(dashboard.segments("asleep")).hasSize(7);
    assertThat(dashboard.segments("crash")).isEmpty();
    assertThat(dashboard.segments("silent")).isEmpty();
    assertThat(dashboard.byTestId("sla").getText()).contains("No outages in this window.");
    browser.screenshot("device-timeline-laptop");
  }

  @Test
  void operatorAcknowledgesTheSilentServersIncidentAndTheCollectorRecordsIt() throws Exception {
    JsonNode open = api.get("/api/v1/incidents?state=open", OPERATOR_TOKEN);
    assertThat(open).hasSize(1);
    JsonNode incident = open.get(0);
    assertThat(incident.get("deviceId").asString()).isEqualTo(SILENT_SERVER);
    assertThat(incident.get("rule").asString()).isEqualTo("deviceDown");
    String id = incident.get("id").asString();

    dashboard.signIn(OPERATOR_TOKEN, DEVICES);
    dashboard.openIncidents(id);
    assertThat(dashboard.incidentState(id, "open")).isEqualTo("open");
    assertThat(dashboard.incidentText(id)).contains("P1", "deviceDown", SILENT_SERVER, "globex");
    browser.screenshot("incidents-open");

    assertThat(dashboard.acknowledge(id)).isEqualTo("Incident " + id + " acknowledged.");
    assertThat(dashboard.incidentGone(id)).isTrue();
    dashboard.incidentTab("acknowledged");
    assertThat(dashboard.incidentState(id, "acknowledged")).isEqualTo("acknowledged");
    browser.screenshot("incidents-acknowledged");

    JsonNode recorded = api.get("/api/v1/incidents/" + id, OPERATOR_TOKEN);
    assertThat(recorded.get("state").asString()).isEqualTo("acknowledged");
    assertThat(recorded.get("acknowledgedBy").asString()).isEqualTo("noc");
    assertThat(api.get("/api/v1/incidents?state=open", OPERATOR_TOKEN)).isEmpty();
  }

  @Test
  void signOutIsHiddenOnTheSignInPage() {
    assertThat(browser.driver().findElement(NocDashboard.testId("signout")).isDisplayed())
        .as("Sign out on the sign-in page").isFalse();
    dashboard.signIn(OPERATOR_TOKEN, DEVICES);
    assertThat(dashboard.byTestId("signout").isDisplayed()).as("Sign out once signed in").isTrue();
  }

  @Test
  void theFirstPageShowsWhatNeedsTheNocNow() throws Exception {
    dashboard.signIn(OPERATOR_TOKEN, DEVICES);
    dashboard.openNow();
    List<WebElement> unexpected = dashboard.nowRows("now-unexpected-table");
    assertThat(unexpected).extracting(r -> r.getDomAttribute("data-device-id")).containsExactly(SILENT_SERVER);
    assertThat(unexpected.get(0).getText()).contains("globex-db01", "server", "silent", "2 h");
    assertThat(unexpected.get(0).findElement(By.tagName("time")).getDomAttribute("title")).endsWith(" UTC");
    assertThat(dashboard.byTestId("now-expected-count").getText()).isEqualTo("1");
    assertThat(browser.driver().findElement(NocDashboard.testId("now-expected-table")).isDisplayed())
        .as("expected-off starts collapsed").isFalse();
    dashboard.openExpectedOff();
    List<WebElement> off = dashboard.nowRows("now-expected-table");
    assertThat(off).extracting(r -> r.getDomAttribute("data-device-id")).containsExactly(DemoFleet.ASLEEP_LAPTOP);
    assertThat(off.get(0).getText()).contains(DemoFleet.ASLEEP_LAPTOP_HOST, "asleep");
    // the acknowledging test may have run first: the page lists what the API calls open
    if (api.get("/api/v1/incidents?state=open", OPERATOR_TOKEN).size() == 1) {
      assertThat(dashboard.nowRows("now-incidents-table")).singleElement().extracting(WebElement::getText).asString()
          .contains("P1", "globex-db01", "deviceDown").containsAnyOf("overdue by", "due in");
    } else {
      assertThat(dashboard.byTestId("now-incidents").getText()).contains("No open incidents.");
    }
    List<WebElement> availability = dashboard.nowRows("now-availability-table");
    assertThat(availability).filteredOn(r -> "server".equals(r.getDomAttribute("data-device-class")))
        .extracting(WebElement::getText).anySatisfy(t -> assertThat(t).contains("server", "99.9 %"));
    copy(browser.screenshot("now"), "now.png");

    ChromeDriver driver = browser.driver();
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    try {
      driver.navigate().refresh();
      dashboard.openNow();
      assertThat(((Number) driver.executeScript("return window.innerWidth")).intValue()).isEqualTo(390);
      assertThat(((Number) driver.executeScript("return document.documentElement.scrollWidth")).intValue())
          .as("no horizontal page overflow at 390 px").isLessThanOrEqualTo(390);
      copy(browser.screenshot("now-390"), "now-390.png");
    } finally {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  /** Keeps a screenshot in the repository's docs/screenshots (the README shows them). */
  private static void copy(Path shot, String name) throws IOException {
    Path docs = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent().resolve("docs")
        .resolve("screenshots");
    Files.createDirectories(docs);
    Files.copy(shot, docs.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  private static Path screenshotDirectory() {
    return Path.of(System.getProperty("basedir", "."), "target", "screenshots");
  }
}
