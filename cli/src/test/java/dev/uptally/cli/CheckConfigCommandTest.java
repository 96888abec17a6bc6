package dev.uptally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./uptally check-config}: problems fail the file, warnings are printed and the file passes. */
class CheckConfigCommandTest {

  @TempDir
  Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Path file) {
    CheckConfigCommand command = new CheckConfigCommand();
    command.stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
    command.stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
    return new CommandLine(command).execute(file.toString());
  }

  @Test
  void aCreditTierAboveAClassTargetIsAWarningWithFileLineAndKeyAndExitsZero() throws Exception {
    Path f = Files.writeString(dir.resolve("collector.yaml"), """
        contracts:
          standard:
            availability:
              laptop: {target: 98.0, credits: [{availabilityBelow: 99.0, percent: 5}]}
              workstation: {target: 99.0}
            credits:
              - {availabilityBelow: 99.5, percent: 10}
        """);
    assertThat(run(f)).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).satisfiesExactly(
        line -> assertThat(line).startsWith("collector.yaml:4: contracts.standard.availability.laptop.credits[0]"
            + ".availabilityBelow: warning: 99.0 lies above the laptop target 98.0"),
        line -> assertThat(line).startsWith("collector.yaml:7: contracts.standard.credits[0].availabilityBelow: "
            + "warning: 99.5 lies above the target of workstation (99.0)"));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK (collector config", "with 2 warnings");
  }

  @Test
  void tiersAtOrBelowEveryTargetPassWithoutWarnings() throws Exception {
    Path f = Files.writeString(dir.resolve("collector.yaml"), """
        contracts:
          standard:
            availability:
              server: {target: 99.9}
              laptop: {target: 98.0, credits: [{availabilityBelow: 98.0, percent: 5}]}
            credits:
              - {availabilityBelow: 99.9, percent: 5}
        """);
    assertThat(run(f)).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("warning");
  }

  @Test
  void aScopedApiTokenNamingAnUnknownClientFailsWithFileLineAndKey() throws Exception {
    Path f = Files.writeString(dir.resolve("collector.yaml"), """
        server: {metricsToken: metrics-token-0123456789}
        contracts: {standard: {}}
        clients:
          - {id: acme, timezone: UTC, contract: standard, enrollmentTokens: [acme-enroll-0123456789]}
        api:
          tokens:
            - {name: acme-it, token: acme-token-0123456789, role: viewer, clients: [acme, initech]}
        """);
    assertThat(run(f)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "collector.yaml:7: api.tokens[0].clients[1]: no client 'initech' (defined: acme)");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
