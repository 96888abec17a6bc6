package dev.uptally.collector.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Checks the syntax of every dashboard module and runs the dashboard's JavaScript unit tests ({@code js/*.test.mjs} beside this class: formatting,
 * timeline geometry, fleet counts, reliability order) with Node's built-in test runner. Skips with a
 * message when {@code node} is not on PATH, so a machine with only a JDK still builds.
 */
class DashboardJavaScriptTest {

  private static final Path TESTS = Path.of("src/test/java/dev/uptally/collector/web/js");
  private static final Path MODULES = Path.of("src/main/resources/web");

  @Test
  void everyDashboardModuleParses() throws IOException, InterruptedException {
    assumeTrue(nodeVersion() >= 20, "node 20+ not on PATH: skipping the syntax check of the dashboard's modules");
    List<Path> modules;
    try (var stream = Files.walk(MODULES)) {
      modules = stream.filter(p -> p.toString().endsWith(".js")).sorted().toList();
    }
    assertThat(modules).hasSizeGreaterThan(10);
    for (Path module : modules) {
      // stdin with --input-type=module: node checks ES module syntax strictly only this way
      Process process = new ProcessBuilder("node", "--input-type=module", "--check")
          .redirectInput(module.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("node --check %s finished", module).isTrue();
      assertThat(process.exitValue()).as("syntax error in %s:%n%s", module, output).isZero();
    }
  }

  @Test
  void dashboardModulesPassTheirNodeTests() throws IOException, InterruptedException {
    assumeTrue(nodeVersion() >= 20, "node 20+ not on PATH: skipping the dashboard's JavaScript unit tests");
    assertThat(TESTS).isDirectory();
    List<String> files;
    try (var stream = Files.list(TESTS)) {
      files = stream.map(Path::toString).filter(p -> p.endsWith(".test.mjs")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    var command = new java.util.ArrayList<>(List.of("node", "--test", "--experimental-detect-module"));
    command.addAll(files);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("node --test finished within 120 s").isTrue();
    String report = new String(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("node --test failed:%n%s", report).isZero();
    assertThat(report).contains("# fail 0").doesNotContain("# pass 0");
  }

  private static int nodeVersion() throws InterruptedException {
    try {
      Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0 || !version.matches("v\\d+\\..*")) {
        return 0;
      }
      return Integer.parseInt(version.substring(1, version.indexOf('.')));
    } catch (IOException e) {
      return 0; // not installed
    }
  }
}
