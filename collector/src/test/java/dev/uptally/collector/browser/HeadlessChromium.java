package dev.uptally.collector.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Headless Chromium driven through the system's chromedriver (Debian packages {@code chromium} and
 * {@code chromium-driver}). Both executables are given explicitly, so Selenium Manager never looks for or
 * downloads a browser or driver. Not thread-safe: one test class drives one browser.
 */
final class HeadlessChromium implements AutoCloseable {

  /** Where the two executables are; {@link #missing()} says why the browser test cannot run, or is empty. */
  record Binaries(Path browser, Path driver) {

    /**
     * Looks for {@code chromium} (or {@code chromium-browser}, {@code google-chrome}) and {@code chromedriver} on
     * PATH; system properties {@code uptally.chromium} and {@code uptally.chromedriver} override the search.
     */
    static Binaries locate() {
      Path browser = configured("uptally.chromium")
          .or(() -> onPath("chromium")).or(() -> onPath("chromium-browser")).or(() -> onPath("google-chrome"))
          .orElse(null);
      Path driver = configured("uptally.chromedriver").or(() -> onPath("chromedriver")).orElse(null);
      return new Binaries(browser, driver);
    }

    Optional<String> missing() {
      if (browser == null) {
        return Optional.of("no chromium on PATH (CI installs Debian's chromium; or set -Duptally.chromium=PATH)");
      }
      if (driver == null) {
        return Optional.of("no chromedriver on PATH (CI installs Debian's chromium-driver;"
            + " or set -Duptally.chromedriver=PATH)");
      }
      return Optional.empty();
    }
  }

  /** Flags that let Chromium run headless as root in a container, and keep it off the network. */
  private static final List<String> FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
      "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
      "--force-device-scale-factor=1", "--lang=en-US");

  private final ChromeDriver driver;
  private final Path screenshots;
  private int shot;

  private HeadlessChromium(ChromeDriver driver, Path screenshots) {
    this.driver = driver;
    this.screenshots = screenshots;
  }

  /**
   * Starts the browser with a fresh profile in {@code workDir} and a {@code width × height} window; screenshots
   * go to {@code screenshots}, numbered in the order they are taken.
   */
  static HeadlessChromium start(Binaries binaries, Path workDir, Path screenshots, int width, int height) {
    binaries.missing().ifPresent(reason -> {
      throw new IllegalStateException(reason);
    });
    // belt and braces: Selenium reads this when no service executable is given
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, binaries.driver().toString());
    try {
      Files.createDirectories(screenshots);
      Path profile = Files.createDirectories(workDir.resolve("chromium-profile"));
      ChromeOptions options = new ChromeOptions();
      options.setBinary(binaries.browser().toFile());
      options.addArguments(FLAGS);
      options.addArguments("--user-data-dir=" + profile, "--window-size=" + width + "," + height);
      options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(binaries.driver().toFile())
          .usingAnyFreePort()
          .withLogFile(workDir.resolve("chromedriver.log").toFile())
          .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
      return new HeadlessChromium(driver, screenshots);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the browser's directories under " + workDir, e);
    }
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Console messages at level SEVERE (uncaught errors, failed requests) since the last call. */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
  }

  /** Saves what the page shows now as {@code NN-name.png}; returns the file. */
  Path screenshot(String name) {
    Path file = screenshots.resolve(String.format("%02d-%s.png", ++shot, name));
    try {
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write screenshot " + file, e);
    }
    return file;
  }

  @Override
  public void close() {
    driver.quit();
  }

  private static Optional<Path> configured(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Path path = Path.of(value);
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException("-D" + property + "=" + value + " is not an executable file");
    }
    return Optional.of(path);
  }

  private static Optional<Path> onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
