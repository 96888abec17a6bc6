package dev.uptally.collector.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code chromium} headless on a local file: screenshot to PNG, print to PDF. */
final class HeadlessChromium {

  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final long TIMEOUT_SECONDS = 120;

  private final Path work;

  HeadlessChromium(Path work) {
    this.work = work;
  }

  static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /** An A4-proportioned screenshot of the top of the page. */
  void screenshot(Path html, Path png) throws IOException, InterruptedException {
    run(html, "--window-size=1240,1754", "--hide-scrollbars", "--screenshot=" + png);
  }

  void printToPdf(Path html, Path pdf) throws IOException, InterruptedException {
    run(html, "--no-pdf-header-footer", "--print-to-pdf=" + pdf);
  }

  private void run(Path html, String... extra) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + Files.createTempDirectory(work, "profile")));
    cmd.addAll(List.of(extra));
    cmd.add(html.toUri().toString());
    Path log = Files.createTempFile(work, "chromium", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + cmd + "\n"
          + Files.readString(log));
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("chromium exited with " + p.exitValue() + ": " + cmd + "\n" + Files.readString(log));
    }
  }
}
