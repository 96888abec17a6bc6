package dev.uptally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.config.CollectorConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code uptally collector} refuses a start it must not make with exit code 1 and one line saying why. */
class CollectorCommandTest {

  @TempDir
  Path dir;
  private Path config;
  private Path database;

  @BeforeEach
  void writeConfig() throws Exception {
    database = dir.resolve("data").resolve("uptally.db");
    config = dir.resolve("collector.yaml");
    Files.writeString(config, """
        server: {listen: "127.0.0.1:0"}
        storage:
          sqlite: {path: "%s"}
        api:
          tokens:
            - {name: office, token: "viewer-token-0123456789abcdef", role: viewer}
        contracts:
          standard:
            monthlyFee: 4200
            availability:
              server: {target: 99.9, calendar: 24x7, counts: [crash, shutdown, silent]}
        clients:
          - {id: acme, name: "ACME Law LLP", timezone: America/New_York, contract: standard,
             enrollmentTokens: ["acme-enroll-token-0123456789"]}
        """.formatted(database));
  }

  /** Exit code and standard error of one run (a refused start returns before it would block). */
  private record Run(int exitCode, String stderr) {}

  private Run run() {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new CollectorCommand()).execute("--config", config.toString());
      return new Run(code, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(saved);
    }
  }

  @Test
  void aDataDirectoryWhoseMainDatabaseIsGoneIsRefusedInOneLine() throws Exception {
    try (CollectorApp first = new CollectorApp(CollectorConfigLoader.load(config), Clock.systemUTC())) {
      first.start();
    }
    Files.delete(database);

    Run run = run();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr().lines()).singleElement().asString()
        .startsWith("uptally collector: refusing to start: the main database " + database + " is missing")
        .contains(database.resolveSibling("uptally-health.db").toString());
    assertThat(database).doesNotExist();
  }

  @Test
  void aSecondCollectorOnTheSameDatabaseIsRefusedInOneLine() throws Exception {
    try (CollectorApp first = new CollectorApp(CollectorConfigLoader.load(config), Clock.systemUTC())) {
      first.start();

      Run run = run();

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.stderr().lines()).singleElement().asString()
          .startsWith("uptally collector: the database " + database + " is in use by another collector (pid "
              + ProcessHandle.current().pid());
    }
  }
}
