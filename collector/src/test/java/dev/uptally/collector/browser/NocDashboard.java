package dev.uptally.collector.browser;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The NOC dashboard as a user sees it, through the hooks its views expose ({@code data-testid} attributes and
 * ids). Every action waits, bounded, for the page to show its result: the dashboard loads its data with
 * {@code fetch} from the collector on loopback.
 */
final class NocDashboard {

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private final WebDriver driver;
  private final String baseUrl;
  private final WebDriverWait wait;

  NocDashboard(WebDriver driver, String baseUrl) {
    this.driver = driver;
    this.baseUrl = baseUrl;
    this.wait = new WebDriverWait(driver, PATIENCE);
  }

  /** Opens the dashboard in a signed-out tab: the token lives in sessionStorage, which is cleared. */
  void openSignedOut() {
    driver.get(baseUrl + "/#/fleet");
    ((JavascriptExecutor) driver).executeScript("sessionStorage.clear();");
    driver.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
  }

  /** Types a token and submits the sign-in form, without waiting for the answer. */
  void submitToken(String token) {
    WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(testId("signin-token")));
    input.clear();
    input.sendKeys(token);
    driver.findElement(By.id("signin-submit")).click();
  }

  /** The text of the sign-in form's error notice, once there is one. */
  String signInError() {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#signin-message [data-testid=notice-error]"))).getText();
  }

  /** Signs in and waits for the fleet table to list {@code expectedRows} devices. */
  void signIn(String token, int expectedRows) {
    submitToken(token);
    awaitDeviceRows(expectedRows);
  }

  List<WebElement> awaitDeviceRows(int count) {
    return wait.until(d -> {
      List<WebElement> rows = d.findElements(testId("device-row"));
      return rows.size() == count ? rows : null;
    });
  }

  /** A client's device counts in the summary table: up, down, asleep, unknown, maintenance, total. */
  List<String> summaryCounts(String client) {
    WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("[data-testid=summary-row][data-client='" + client + "']")));
    return row.findElements(By.tagName("td")).stream().limit(6).map(WebElement::getText).toList();
  }

  /** Types into the fleet search box and submits; waits until only the matching devices are listed. */
  List<WebElement> search(String text, int expectedRows) {
    WebElement box = driver.findElement(testId("device-search"));
    box.clear();
    box.sendKeys(text, Keys.ENTER);
    return awaitDeviceRows(expectedRows);
  }

  /** Follows a device's link in the fleet table and waits for its timeline strip. */
  WebElement openDevice(String deviceId) {
    driver.findElement(By.cssSelector("[data-testid=device-row][data-device-id='" + deviceId + "']"))
        .findElement(testId("device-link")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("[data-testid=device-header][data-device-id='" + deviceId + "']")));
    return timelineStrip();
  }

  WebElement timelineStrip() {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#timeline [data-testid=timeline-strip]")));
  }

  /** Segments of the timeline strip of one kind (up, crash, shutdown, silent, asleep, unknown, maintenance). */
  List<WebElement> segments(String kind) {
    return timelineStrip().findElements(By.cssSelector("rect.seg[data-kind='" + kind + "']"));
  }

  /** Switches the device page to the 7- or 30-day range and waits until the title says so. */
  void range(int days) {
    driver.findElement(testId("range-" + days)).click();
    wait.until(ExpectedConditions.textToBe(By.id("timeline-title"), "Timeline, last " + days + " days"));
    wait.until(ExpectedConditions.attributeToBe(testId("range-" + days), "aria-current", "true"));
    timelineStrip();
  }

  /** Opens the incidents page (open incidents) from the navigation and waits for the incident's row. */
  WebElement openIncidents(String incidentId) {
    driver.findElement(testId("nav-incidents")).click();
    return incidentRow(incidentId);
  }

  /** The incident's row in the table shown, once it is there; its {@code data-state} is the incident's state. */
  WebElement incidentRow(String incidentId) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(incidentRowSelector(incidentId)));
  }

  /**
   * Waits until the incident's row shows {@code state} ({@code data-state}), reading a freshly found row each time:
   * the list is rendered anew when its tab or a refresh changes it, and a row found before that is stale.
   */
  String incidentState(String incidentId, String state) {
    return freshRows().until(d -> {
      String shown = d.findElement(incidentRowSelector(incidentId)).getDomAttribute("data-state");
      return state.equals(shown) ? shown : null;
    });
  }

  /** The incident row's text, read from a freshly found row (see {@link #incidentState}). */
  String incidentText(String incidentId) {
    return freshRows().until(d -> d.findElement(incidentRowSelector(incidentId)).getText());
  }

  private WebDriverWait freshRows() {
    WebDriverWait fresh = new WebDriverWait(driver, PATIENCE);
    fresh.ignoring(StaleElementReferenceException.class);
    return fresh;
  }

  /** Presses the incident's Acknowledge button; returns the page's feedback once it reports the outcome. */
  String acknowledge(String incidentId) {
    incidentRow(incidentId).findElement(
        By.cssSelector("[data-testid=incident-ack][data-incident-id='" + incidentId + "']")).click();
    By feedback = testId("incident-feedback");
    wait.until(d -> !d.findElement(feedback).getText().contains("Acknowledging"));
    return driver.findElement(feedback).getText();
  }

  /** Whether the incident is absent from the table shown, waiting for it to go. */
  boolean incidentGone(String incidentId) {
    return wait.until(ExpectedConditions.invisibilityOfElementLocated(incidentRowSelector(incidentId)));
  }

  /** Switches the incidents page to one state tab: open, acknowledged, resolved or all. */
  void incidentTab(String state) {
    driver.findElement(testId("incidents-" + state)).click();
    wait.until(ExpectedConditions.attributeToBe(testId("incidents-" + state), "aria-current", "true"));
  }

  private static By incidentRowSelector(String incidentId) {
    return By.cssSelector("[data-testid=incident-row][data-incident-id='" + incidentId + "']");
  }

  /** Opens the first page and waits for its unexpected-problems table and its availability table. */
  void openNow() {
    driver.get(baseUrl + "/#/now");
    wait.until(ExpectedConditions.visibilityOfElementLocated(testId("now-unexpected-table")));
    wait.until(ExpectedConditions.visibilityOfElementLocated(testId("now-availability-table")));
  }

  /** The rows of a table of the first page, by its test id. */
  List<WebElement> nowRows(String tableTestId) {
    return driver.findElements(By.cssSelector("[data-testid=" + tableTestId + "] tbody tr"));
  }

  /** Opens the collapsed expected-off block and waits for its table. */
  WebElement openExpectedOff() {
    WebElement details = byTestId("now-expected-details");
    if (details.getDomAttribute("open") == null) {
      details.findElement(By.tagName("summary")).click();
    }
    return wait.until(ExpectedConditions.visibilityOfElementLocated(testId("now-expected-table")));
  }

  WebElement byTestId(String id) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(testId(id)));
  }

  String currentUrl() {
    return driver.getCurrentUrl();
  }

  static By testId(String id) {
    return By.cssSelector("[data-testid='" + id + "']");
  }
}
