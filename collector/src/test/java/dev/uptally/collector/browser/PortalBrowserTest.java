package dev.uptally.collector.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.sla.TestConfigs;
import dev.uptally.config.collector.ApiConfig;
import dev.uptally.config.collector.ClientConfig;
import dev.uptally.config.collector.CollectorConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The client portal ({@code /portal/}) and acme's public status page in a real headless Chromium against a real
 * collector on loopback, fed eight days of history by the eight {@link DemoFleet} devices of acme and globex. The
 * collector's clock stands still at Thursday 22 October 2026, 23:00 in New York (the portal reads only the
 * collector's time), so acme's laptop, asleep every night from 01:00, missed this month's patch nights of 15, 20 and
 * 22 October. Globex is in Berlin time, so the times the portal shows are acme's zone, not the browser's or UTC.
 * Screenshots go to {@code target/screenshots/} (the ones in {@code docs/screenshots/} come from here).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalBrowserTest {

  private static final String ACME_VIEWER = "acme-portal-token-0123456789";
  private static final String OPERATOR = "noc-token-0123456789";
  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private CollectorApp app;
  private HeadlessChromium browser;
  private WebDriverWait wait;
  private String base;
  private Path downloads;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** From the API with the operator's token: every hostname and device id, by client. */
  private final List<String> acmeHosts = new ArrayList<>();
  private final List<String> globexNames = new ArrayList<>();
  private final List<String> everyDeviceName = new ArrayList<>();

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
        () -> binaries.missing().orElseThrow() + "; skipping the portal browser test");
    long now = LocalDateTime.parse("2026-10-22T23:00").atZone(NY).toInstant().toEpochMilli();
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(now));
    app = new CollectorApp(config(dir.resolve("uptally.db")), clock, HttpTimeouts.DEFAULTS, 2);
    CollectorHttp api = new CollectorHttp(app.start());
    new DemoFleet(now).enrollAndSend(api);
    app.fleet().tickAll(now).join();
    app.contractEngine().evaluate(now);
    app.contractEngine().awaitIdle();
    for (JsonNode d : api.get("/api/v1/devices", OPERATOR)) {
      String host = d.get("hostname").asString();
      String id = d.get("deviceId").asString();
      everyDeviceName.addAll(List.of(host, id));
      if (d.get("clientId").asString().equals("acme")) {
        acmeHosts.add(host);
      } else {
        globexNames.addAll(List.of(host, id));
      }
    }
    assertThat(acmeHosts).hasSize(5); // two servers, a workstation, two laptops (one announced its sleep)
    assertThat(globexNames).hasSize(6);
    JsonNode missed = api.get("/api/v1/violations?party=customer&client=acme", OPERATOR);
    assertThat(missed).as("the laptop's missed patch nights, as the contract engine judged them")
        .anySatisfy(v -> assertThat(v.get("deviceId").asString()).isEqualTo(DemoFleet.SLEEPING_LAPTOP));
    base = "http://127.0.0.1:" + app.address().getPort();
    downloads = Files.createDirectories(dir.resolve("downloads"));
    browser = HeadlessChromium.start(binaries, dir, screenshotDirectory(), 1366, 900);
    browser.driver().executeCdpCommand("Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    wait = new WebDriverWait(browser.driver(), PATIENCE);
  }

  /** The standard test contract; acme has a status page and a viewer token of its own, globex runs on Berlin time. */
  private static CollectorConfig config(Path database) {
    CollectorConfig c = TestConfigs.standard(NY, database, List.of());
    List<ClientConfig> clients = new ArrayList<>();
    for (ClientConfig client : c.clients()) {
      clients.add(client.id().equals("acme")
          ? new ClientConfig(client.id(), client.name(), client.timezone(), client.contract(),
              client.enrollmentTokens(), new ClientConfig.StatusPage("acme-status"))
          : new ClientConfig(client.id(), "Globex Corporation", ZoneId.of("Europe/Berlin"), client.contract(),
              client.enrollmentTokens()));
    }
    List<ApiConfig.ApiToken> tokens = new ArrayList<>(c.api().tokens());
    tokens.add(new ApiConfig.ApiToken("acme-portal", ACME_VIEWER, ApiConfig.Role.VIEWER, Set.of("acme")));
    return new CollectorConfig(c.server(), c.storage(), new ApiConfig(tokens), c.heartbeat(), c.calendars(),
        c.contracts(), clients, c.notifications());
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
  void signedOutTabAtDesktopWidth() {
    browser.driver().manage().window().setSize(new Dimension(1366, 900));
    browser.driver().get(base + "/portal/");
    js("sessionStorage.clear();");
    browser.driver().navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(testId("portal-token")));
  }

  @AfterEach
  void noErrorsInTheBrowserConsole() {
    assertThat(browser.consoleErrors()).as("errors in the browser console").isEmpty();
  }

  @Test
  void aClientsViewerSeesTheirMonthTheirMachinesOnlyTheMissedNightsAndDownloadsAReport() throws Exception {
    signIn(ACME_VIEWER);
    JsonNode summary = new CollectorHttp(app.address()).get("/api/v1/clients/acme/summary", ACME_VIEWER);
    List<WebElement> classes = wait.until(d -> {
      List<WebElement> cards = d.findElements(testId("portal-class"));
      return cards.size() == summary.get("classes").size() ? cards : null;
    });
    assertThat(text("portal-client")).isEqualTo("· ACME Law LLP");
    assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("October 2026 so far");
    WebElement servers = classes.stream().filter(c -> "server".equals(c.getDomAttribute("data-class"))).findFirst()
        .orElseThrow();
    JsonNode serverFigures = summary.get("classes").get(0);
    assertThat(serverFigures.get("deviceClass").asString()).isEqualTo("server");
    // 2 servers: one crash of 25 min and one orderly shutdown of 40 min (which counts for servers), to the
    // heartbeat grid; 8 days of 24x7 each at 99.9 % allow 23 min
    long downMinutes = serverFigures.get("downSeconds").asLong() / 60;
    assertThat(downMinutes).isBetween(63L, 66L);
    assertThat(servers.getText()).contains("Servers", "Below target", "the target is 99.9 %",
        percent(serverFigures.get("availability").asDouble()), "Downtime allowed so far: 23 minutes.",
        "Used: 1 hour " + (downMinutes - 60) + " minutes");
    assertThat(servers.findElement(By.tagName("meter")).getDomAttribute("max"))
        .isEqualTo(serverFigures.get("budgetSeconds").asString());

    List<WebElement> machines = browser.driver().findElements(testId("portal-machine"));
    assertThat(machines).extracting(m -> m.findElement(By.tagName("th")).getText())
        .containsExactlyInAnyOrderElementsOf(acmeHosts);
    assertThat(text("portal-machines")).contains("Laptop", "Server", "Desktop computer", "Running");
    String page = browser.driver().getPageSource();
    for (String foreign : globexNames) {
      assertThat(page).as("another client's machine on the page").doesNotContain(foreign);
    }
    assertThat(page).doesNotContain("globex").doesNotContain("srv-acme").doesNotContain("P4");

    assertThat(browser.driver().findElements(testId("portal-missed-night"))).extracting(WebElement::getText)
        .contains("Thursday 15 October: acme-partner-07 was asleep.", "Tuesday 20 October: acme-partner-07 was asleep.");
    assertThat(page).doesNotContainPattern("<button[^>]*>(?!Sign out)");
    fullPageScreenshot("portal");

    WebElement october = browser.driver().findElement(By.cssSelector("[data-testid=portal-report][data-month='2026-10']"));
    assertThat(october.getText()).contains("October 2026 (so far)");
    october.findElement(testId("portal-download-csv")).click();
    Path saved = downloads.resolve("uptally-acme-2026-10.csv");
    new WebDriverWait(browser.driver(), PATIENCE).until(d -> Files.exists(saved) && !partial());
    assertThat(Files.readString(saved)).isEqualTo(raw("/api/v1/clients/acme/report?month=2026-10&format=csv",
        ACME_VIEWER)).contains("acme-partner-07").doesNotContain("globex");
    assertThat(text("portal-download-status")).contains("uptally-acme-2026-10.csv saved");
  }

  @Test
  void onAPhoneWideScreenNothingRunsOffTheSide() throws IOException {
    browser.driver().manage().window().setSize(new Dimension(390, 844));
    signIn(ACME_VIEWER);
    wait.until(d -> d.findElements(testId("portal-machine")).size() == acmeHosts.size());
    Object width = js("return [document.documentElement.scrollWidth, window.innerWidth];");
    List<?> w = (List<?>) width;
    assertThat(((Number) w.get(1)).intValue()).isEqualTo(390);
    assertThat(((Number) w.get(0)).intValue()).as("page width at a 390 px viewport").isLessThanOrEqualTo(390);
    fullPageScreenshot("portal-390");
  }

  @Test
  void aTokenOfEveryClientPicksOneAndSeesThatClientsTimes() {
    signIn(OPERATOR);
    WebElement list = wait.until(ExpectedConditions.visibilityOfElementLocated(testId("portal-clients")));
    assertThat(list.findElements(By.tagName("a"))).extracting(WebElement::getText)
        .containsExactly("ACME Law LLP", "Globex Corporation");
    list.findElement(By.linkText("Globex Corporation")).click();
    wait.until(ExpectedConditions.textToBe(testId("portal-client"), "· Globex Corporation"));
    wait.until(d -> d.findElements(testId("portal-machine")).size() == 3);
    // 23:00 in New York is 05:00 the next morning in Berlin
    assertThat(text("portal-updated")).startsWith("Updated Fri 23 Oct 2026, 05:00 (Berlin time)");
    assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("October 2026 so far");
    assertThat(text("portal-machines")).contains("globex-db01", "Not heard from since Fri 23 Oct 2026, 03:00")
        .doesNotContain("acme");
  }

  @Test
  void theStatusPageShowsCountsAndNoMachineByName() throws IOException {
    browser.driver().get(base + "/status/acme-status");
    WebElement headline = wait.until(ExpectedConditions.visibilityOfElementLocated(testId("status-headline")));
    assertThat(headline.getText()).isEqualTo("All machines are working normally.");
    assertThat(text("status-name")).isEqualTo("ACME Law LLP");
    assertThat(text("count-up").replaceAll("\\s+", " ")).isEqualTo("4 running");
    assertThat(text("status-availability")).contains("October 2026 (so far)", "September 2026", "Servers", "Laptops");
    String page = browser.driver().getPageSource();
    for (String name : everyDeviceName) {
      assertThat(page).as("a machine named on the public page").doesNotContain(name);
    }
    assertThat(browser.driver().findElements(By.tagName("script"))).isEmpty();
    fullPageScreenshot("status-page");
  }

  private void signIn(String token) {
    WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(testId("portal-token")));
    input.sendKeys(token);
    browser.driver().findElement(testId("portal-signin")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(testId("portal-signout")));
  }

  /**
   * The whole page, not only the viewport, through the DevTools protocol (a window resized to the page's height
   * lays the page out again), as {@code target/screenshots/<name>.png}.
   */
  @SuppressWarnings("unchecked")
  private void fullPageScreenshot(String name) throws IOException {
    Map<String, Object> metrics = browser.driver().executeCdpCommand("Page.getLayoutMetrics", Map.of());
    Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
    Map<String, Object> viewport = (Map<String, Object>) metrics.get("cssLayoutViewport");
    double width = ((Number) viewport.get("clientWidth")).doubleValue();
    double height = Math.max(((Number) content.get("height")).doubleValue(),
        ((Number) viewport.get("clientHeight")).doubleValue());
    Map<String, Object> shot = browser.driver().executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
        "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    Files.write(Files.createDirectories(screenshotDirectory()).resolve(name + ".png"),
        java.util.Base64.getDecoder().decode((String) shot.get("data")));
  }

  private boolean partial() {
    try (var files = Files.list(downloads)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".crdownload"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String raw(String path, String token) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  /** As the portal writes it: two decimals, rounded down. */
  private static String percent(double ratio) {
    return String.format(java.util.Locale.ROOT, "%.2f %%", Math.floor(ratio * 10_000 + 1e-9) / 100);
  }

  private String text(String testId) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(testId(testId))).getText();
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser.driver()).executeScript(script);
  }

  private static By testId(String id) {
    return By.cssSelector("[data-testid='" + id + "']");
  }

  private static Path screenshotDirectory() {
    return Path.of(System.getProperty("basedir", "."), "target", "screenshots");
  }
}
