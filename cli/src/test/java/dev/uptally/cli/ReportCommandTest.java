package dev.uptally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.config.CollectorConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {

  private static final String YAML = """
      server: {listen: "127.0.0.1:0"}
      storage:
        sqlite: {path: data/uptally.db}
      api:
        tokens:
          - {name: office, token: "viewer-token-0123456789abcdef", role: viewer}
      calendars:
        business-hours: {weekly: ["MON-FRI 08:00-18:00"]}
      contracts:
        standard:
          monthlyFee: 4200
          availability:
            server: {target: 99.9, calendar: 24x7, counts: [crash, shutdown, silent]}
          credits:
            - {availabilityBelow: 99.9, percent: 5}
      clients:
        - {id: acme, name: "ACME Law LLP", timezone: America/New_York, contract: standard,
           enrollmentTokens: ["acme-enroll-token-0123456789"]}
      """;

  @TempDir
  Path dir;
  private Path config;
  private CollectorApp app;
  private InetSocketAddress at;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void startCollector() throws Exception {
    config = dir.resolve("collector.yaml");
    Files.writeString(config, YAML);
    app = new CollectorApp(CollectorConfigLoader.load(config),
        Clock.fixed(Instant.parse("2026-11-02T12:00:00Z"), ZoneOffset.UTC));
    at = app.start();
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private int run(String... args) {
    ReportCommand command = new ReportCommand();
    command.stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
    return new CommandLine(command).execute(args);
  }

  private String url() {
    return "http://127.0.0.1:" + at.getPort();
  }

  @Test
  void writesTheHtmlReportOfARunningCollectorWithTheTokenFromItsConfig() throws Exception {
    Path out = dir.resolve("acme.html");
    int code = run("--client", "acme", "--month", "2026-10", "--config", config.toString(), "--url", url(),
        "--out", out.toString());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(Files.readString(out)).startsWith("<!DOCTYPE html>").contains("ACME Law LLP — October 2026");
  }

  /** The demo's config names its clients' enrollment tokens as ${…} set only in the demo's process. */
  @Test
  void aConfigWhoseEnrollmentSecretsAreNotSetStillGivesTheReport() throws Exception {
    Path demoLike = Files.writeString(dir.resolve("demo.yaml"), YAML.replace("acme-enroll-token-0123456789",
        "${UPTALLY_TEST_ACME_ENROLL_TOKEN}"));
    Path out = dir.resolve("acme-demo.html");
    int code = run("--client", "acme", "--month", "2026-10", "--config", demoLike.toString(), "--url", url(),
        "--out", out.toString());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(Files.readString(out)).contains("ACME Law LLP — October 2026");
    Path apiTokenUnset = Files.writeString(dir.resolve("api.yaml"), "api: {tokens: [{token: \"${UPTALLY_API_TOKEN}\"}]}");
    assertThat(ReportCommand.withoutEnrollmentSecrets(java.util.Map.of(), apiTokenUnset))
        .as("other secrets are not invented").isEmpty();
  }

  @Test
  void jsonWithAnExplicitToken() throws Exception {
    Path out = dir.resolve("acme.json");
    assertThat(run("--client", "acme", "--month", "2026-10", "--format", "json", "--url", url(), "--token",
        "viewer-token-0123456789abcdef", "--out", out.toString())).isZero();
    assertThat(Files.readString(out)).contains("\"clientId\" : \"acme\"", "\"month\" : \"2026-10\"");
  }

  @Test
  void unknownClientAndWrongTokenFailWithTheCollectorsAnswer() {
    assertThat(run("--client", "initech", "--month", "2026-10", "--config", config.toString(), "--url", url()))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("404", "initech");
    assertThat(run("--client", "acme", "--month", "2026-10", "--url", url(), "--token", "wrong-token-0123456789"))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("401");
  }

  @Test
  void badMonthOrFormatIsAUsageError() {
    assertThat(run("--client", "acme", "--month", "2026-13", "--url", url(), "--token", "t")).isEqualTo(2);
    assertThat(run("--client", "acme", "--month", "2026-10", "--format", "pdf", "--url", url(), "--token", "t"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("'2026-13'", "'pdf'");
  }

  @Test
  void listenAddressBecomesAConnectableHost() {
    assertThat(ReportCommand.connectHost("0.0.0.0")).isEqualTo("127.0.0.1");
    assertThat(ReportCommand.connectHost("::")).isEqualTo("[::1]");
    assertThat(ReportCommand.connectHost("::1")).isEqualTo("[::1]");
    assertThat(ReportCommand.connectHost("10.0.0.5")).isEqualTo("10.0.0.5");
  }
}
