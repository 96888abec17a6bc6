package dev.uptally.collector.browser;

import static dev.uptally.collector.browser.DemoFleet.DAY;
import static dev.uptally.collector.browser.DemoFleet.HOUR;
import static dev.uptally.collector.browser.DemoFleet.INTERVAL;
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
import dev.uptally.common.protocol.Inventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The device lifecycle in a real headless Chromium against a real collector on loopback: the {@link DemoFleet} plus a
 * workstation whose drive was swapped two days ago. The swap shows in the device's Hardware changes panel and
 * "Not a failure (upgrade)" corrects it in the collector; retiring a server from its page works (reinstating it needs
 * admin, and the page shows the collector's 403), the fleet list hides it until "Show retired"; the Reliability tab
 * shows how long parts last as {@code /api/v1/lifetimes} says. Skips when Chromium or chromedriver is absent.
 *
 * <p>Screenshots go to {@code target/screenshots/}; with {@code -Duptally.docs.screenshots=<dir>} the two the
 * README shows ({@code device-hardware.png}, {@code lifetimes.png}) are also copied there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleBrowserTest {

  private static final String OPERATOR_TOKEN = "noc-token-0123456789";
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final String SWAPPED = "ws-acme-imaging";
  private static final String OLD_DRIVE = "S4EV-OLD-0001";
  private static final String NEW_DRIVE = "WD-NEW-0002";
  private static final String RETIRED = "srv-globex-web01";

  private CollectorApp app;
  private HeadlessChromium browser;
  private NocDashboard dashboard;
  private CollectorHttp api;
  private WebDriver driver;
  private WebDriverWait wait;
  /** The demo fleet's devices and the swapped workstation. */
  private int devices;
  /** Devices the fleet list shows by default: all but the retired ones. */
  private int inService;

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
        () -> binaries.missing().orElseThrow() + "; skipping the lifecycle browser test");
    long now = Instant.now().truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
    app = new CollectorApp(TestConfigs.standard(ZoneId.of("America/New_York"), dir.resolve("uptally.db"), List.of()),
        new MutableClock(Instant.ofEpochMilli(now)), HttpTimeouts.DEFAULTS, 2);
    api = new CollectorHttp(app.start());
    DemoFleet fleet = new DemoFleet(now);
    fleet.enrollAndSend(api);
    sendSwappedWorkstation(now);
    devices = fleet.size() + 1;
    inService = devices;
    browser = HeadlessChromium.start(binaries, dir, Path.of(System.getProperty("basedir", "."), "target",
        "screenshots"), 1366, 1000);
    driver = browser.driver();
    wait = new WebDriverWait(driver, PATIENCE);
    dashboard = new NocDashboard(driver, "http://127.0.0.1:" + app.address().getPort());
  }

  /** Eight days of a workstation whose drive failed two days ago: down six hours, back with a new drive. */
  private void sendSwappedWorkstation(long now) throws Exception {
    long first = now - 8 * DAY;
    long failed = now - 2 * DAY;
    Health health = new Health(new Health.Cpu(0.2, 1.6, 50.0), new Health.Memory(16L << 30, 8L << 30, 2L << 30, 0L),
        List.of(new Health.Disk("C:\\", 512L << 30, 200L << 30)), null, List.of(), false);
    DeviceScript ws = DeviceScript.device(SWAPPED, "workstation").hostname("acme-imaging").everyMillis(INTERVAL)
        .health(health).inventory(inventory("Samsung PM981a", OLD_DRIVE)).start(first - HOUR, first)
        .beatUntil(failed)
        .repairedAndBooted(failed + 6 * HOUR, failed + 6 * HOUR + INTERVAL, inventory("WDC PC SN740", NEW_DRIVE))
        .beatUntil(now);
    String body = api.post("/v1/enroll", "acme-enroll-token-0123456789", new EnrollRequest(SWAPPED, "acme-imaging",
        "workstation", "America/New_York", "1.0.0", null, Map.of()));
    String token = Json.mapper().readValue(body, EnrollResponse.class).deviceToken();
    List<dev.uptally.common.protocol.Sample> samples = ws.samples();
    for (int i = 0; i < samples.size(); i += 1000) {
      api.post("/v1/heartbeats", token, new HeartbeatBatch(SWAPPED, now, samples.subList(i, Math.min(samples.size(),
          i + 1000))));
    }
  }

  private static Inventory inventory(String driveModel, String driveSerial) {
    return new Inventory(new Inventory.Os("Windows", "11 Pro 24H2", null),
        new Inventory.Hardware("HP", "EliteDesk 800 G6", "SN-IMAGING", null),
        new Inventory.Cpu("Intel Core i7-10700", 8, 16), 16L << 30,
        List.of(new Inventory.Drive(driveModel, driveSerial, 512L << 30)), List.of());
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
    dashboard.openSignedOut();
    dashboard.signIn(OPERATOR_TOKEN, inService);
  }

  @AfterEach
  void noUnexpectedErrorsInTheBrowserConsole() {
    // the 403 of the reinstate an operator may not do is the only refused request the tests provoke
    assertThat(browser.consoleErrors()).as("errors in the browser console")
        .allMatch(e -> e.contains("/reinstate") && e.contains("403"));
  }

  @Test
  void aDriveSwapShowsOnTheDevicePageAndCanBeMarkedNotAFailure() throws Exception {
    openDevice(SWAPPED);
    WebElement row = changeRow();
    assertThat(row.getText()).contains("drive-replaced", "Samsung PM981a", OLD_DRIVE, "WDC PC SN740", NEW_DRIVE, "yes");
    assertThat(row.getDomAttribute("data-failure")).isEqualTo("true");
    scrollTo(dashboard.byTestId("hardware-changes"));
    docsScreenshot("device-hardware", browser.screenshot("device-hardware-changes"));

    String changeId = row.getDomAttribute("data-change-id");
    WebElement note = row.findElement(testId("correction-note"));
    note.clear();
    note.sendKeys("upgrade to a faster SSD");
    row.findElement(testId("not-a-failure")).click();
    // the panel is drawn anew when the correction is answered: a row found a moment before may be gone (stale)
    wait.ignoring(StaleElementReferenceException.class).until(d -> "false".equals(changeRow().getDomAttribute("data-failure"))
        && changeRow().getText().contains("upgrade to a faster SSD"));
    assertThat(dashboard.byTestId("lifecycle-feedback").getText()).contains("no longer counts as a failure");
    browser.screenshot("device-hardware-corrected");

    JsonNode change = api.get("/api/v1/devices/" + SWAPPED + "/hardware-changes", OPERATOR_TOKEN).get(0);
    assertThat(change.get("id").asString()).isEqualTo(changeId);
    assertThat(change.get("failure").asBoolean()).isFalse();
    assertThat(change.get("note").asString()).isEqualTo("upgrade to a faster SSD");
  }

  @Test
  void retiringFromThePageHidesTheDeviceFromTheFleetUntilShowRetired() throws Exception {
    openDevice(RETIRED);
    dashboard.byTestId("retire-open").click();
    new Select(dashboard.byTestId("retire-reason")).selectByValue("decommissioned");
    dashboard.byTestId("retire-note").sendKeys("web tier moved to the cloud");
    dashboard.byTestId("retire-submit").click();
    inService--;
    WebElement retired = dashboard.byTestId("retired-notice");
    assertThat(retired.getText()).contains("Retired (decommissioned)", "web tier moved to the cloud");
    JsonNode device = api.get("/api/v1/devices/" + RETIRED, OPERATOR_TOKEN);
    assertThat(device.get("retiredReason").asString()).isEqualTo("decommissioned");
    assertThat(device.get("state").asString()).isEqualTo("retired");

    // reinstating needs admin: the page shows the collector's refusal
    dashboard.byTestId("reinstate").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(testId("lifecycle-feedback"), "Could not reinstate"));
    assertThat(dashboard.byTestId("lifecycle-feedback").getText()).contains("403", "role");
    browser.screenshot("device-retired");

    driver.findElement(testId("nav-fleet")).click();
    List<WebElement> rows = dashboard.awaitDeviceRows(devices - 1);
    assertThat(rows).extracting(r -> r.getDomAttribute("data-device-id")).doesNotContain(RETIRED);
    dashboard.byTestId("show-retired").click();
    rows = dashboard.awaitDeviceRows(devices);
    assertThat(rows).filteredOn(r -> RETIRED.equals(r.getDomAttribute("data-device-id")))
        .singleElement().satisfies(r -> assertThat(r.getDomAttribute("data-state")).isEqualTo("retired"));
    assertThat(dashboard.currentUrl()).contains("retired=all");
    browser.screenshot("fleet-show-retired");
  }

  @Test
  void theReliabilityTabShowsHowLongPartsLast() throws Exception {
    driver.findElement(testId("nav-reliability")).click();
    WebElement section = dashboard.byTestId("lifetimes");
    for (String groupBy : List.of("model", "driveModel")) {
      JsonNode rows = api.get("/api/v1/lifetimes?groupBy=" + groupBy, OPERATOR_TOKEN);
      assertThat(rows.size()).as(groupBy).isPositive();
      List<WebElement> shown = wait.until(d -> {
        List<WebElement> r = d.findElements(By.cssSelector("[data-testid=lifetime-row][data-group-by=" + groupBy + "]"));
        return r.size() == rows.size() ? r : null;
      });
      for (JsonNode r : rows) {
        WebElement row = shown.stream().filter(e -> r.get("group").asString().equals(e.getDomAttribute("data-group")))
            .findFirst().orElseThrow(() -> new AssertionError("no row for " + r.get("group")));
        List<String> cells = row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertThat(cells.subList(0, 3)).as("%s %s: units, failures, censored", groupBy, r.get("group"))
            .containsExactly(r.get("units").asString(), r.get("failures").asString(), r.get("censored").asString());
        assertThat(cells.get(5)).startsWith("≥ ");
      }
    }
    assertThat(section.getText()).contains("How long parts last", "WDC PC SN740", "Samsung PM981a",
        "HP EliteDesk 800 G6");
    scrollTo(section);
    docsScreenshot("lifetimes", browser.screenshot("reliability-lifetimes"));
  }

  private void openDevice(String deviceId) {
    dashboard.search(deviceId, 1);
    dashboard.openDevice(deviceId);
  }

  private WebElement changeRow() {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(testId("hardware-change-row")));
  }

  private void scrollTo(WebElement element) {
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'start'});", element);
  }

  private static void docsScreenshot(String name, Path shot) throws Exception {
    String docs = System.getProperty("uptally.docs.screenshots");
    if (docs != null && !docs.isBlank()) {
      Path dir = Files.createDirectories(Path.of(docs));
      Files.copy(shot, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
