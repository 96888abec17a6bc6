package dev.uptally.config;

import static dev.uptally.config.ConfigFiles.EXAMPLE_ENV;
import static dev.uptally.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Path file, Map<String, String> env) {
    return CheckConfig.run(file, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void validCollectorExamplePrintsOneOkLine() {
    assertThat(run(Path.of("examples/collector.yaml"), EXAMPLE_ENV)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("collector.yaml: OK (collector config")
        .contains("3 clients").doesNotContain("0123456789abcdef");
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void creditTiersAboveATargetArePrintedAsWarningsAndTheFileStillPasses() {
    Path f = write(dir, "collector.yaml", """
        contracts:
          standard:
            availability:
              workstation: {target: 99.0}
              server:
                target: 99.9
                credits: [{availabilityBelow: 99.95, percent: 10}]
            credits: [{availabilityBelow: 99.9, percent: 5}]
        """);
    assertThat(run(f, Map.of())).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "collector.yaml:7: contracts.standard.availability.server.credits[0].availabilityBelow: warning: 99.95 lies "
            + "above the server target 99.9: a class that meets its target earns no credit, so this tier takes effect "
            + "only below 99.9 (set availabilityBelow to at most 99.9 to say so)",
        "collector.yaml:8: contracts.standard.credits[0].availabilityBelow: warning: 99.9 lies above the target of "
            + "workstation (99.0): contract-wide tiers apply to a class only when it missed its target, so for "
            + "workstation only below 99.0 (give a class tiers of its own with availability.<class>.credits)");
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("collector.yaml: OK (collector config")
        .contains("API tokens; storage SQLite ").endsWith(") with 2 warnings" + System.lineSeparator());
  }

  @Test
  void warningsAreNotPrintedForAFileWithProblems() {
    Path f = write(dir, "collector.yaml", """
        contracts:
          standard:
            availability:
              workstation: {target: 99.0}
            credits: [{availabilityBelow: 99.9, percent: 5}]
            escalateAt: 2
        """);
    assertThat(run(f, Map.of())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
        .startsWith("collector.yaml:6: contracts.standard.escalateAt: 2.0 is out of range");
  }

  @Test
  void topLevelCollectorKeyMeansAgentConfig() {
    assertThat(run(Path.of("examples/agent.yaml"), EXAMPLE_ENV)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("agent.yaml: OK (agent config")
        .doesNotContain("acme-enroll");
  }

  @Test
  void everyProblemIsPrintedOnItsOwnLine() {
    Path f = write(dir, "collector.yaml", """
        server:
          listen: "0.0.0.0:8420"
        heartbeat: {intervalSecond: 30}
        """);
    assertThat(run(f, Map.of())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "collector.yaml:2: server.listen: '0.0.0.0:8420' is not a loopback address and there is no tls: agents would "
            + "send tokens in plaintext. Fix: add server.tls {certFile, keyFile}, or set server.allowPlaintext: true "
            + "if a TLS proxy in front terminates TLS, or listen on 127.0.0.1",
        "collector.yaml:3: heartbeat.intervalSecond: unknown key (did you mean 'intervalSeconds'?) (expected one of: "
            + "intervalSeconds, graceIntervals, maxSampleAgeDays)");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void missingEnvironmentMakesTheExampleFail() {
    assertThat(run(Path.of("examples/collector.yaml"), Map.of())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("ACME_ENROLL_TOKEN is not set")
        .contains("GLOBEX_ENROLL_TOKEN").contains("INITECH_ENROLL_TOKEN").contains("UPTALLY_API_TOKEN");
  }

  @Test
  void flowStyleAgentConfigIsRecognised() {
    Path f = write(dir, "agent.yaml", "{collector: {url: \"http://127.0.0.1:8420\"}, enrollmentToken: \"%s\", stateDir: s}\n"
        .formatted(ConfigFiles.TOKEN));
    assertThat(run(f, Map.of())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("agent config");
  }

  @Test
  void anAgentConfigWithSeveralCollectorsListsThemInOrder() {
    Path f = write(dir, "agent.yaml", "{collector: {urls: [\"https://a.example:8420\", \"https://b.example:8420\"]},"
        + " enrollmentToken: \"%s\", stateDir: s}\n".formatted(ConfigFiles.TOKEN));
    assertThat(run(f, Map.of())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("collector https://a.example:8420, https://b.example:8420, deviceClass");
  }

  @Test
  void ipv6ListenIsPrintedInBrackets() {
    Path f = write(dir, "c.yaml", "server: {listen: \"[::1]:8420\"}\n");
    assertThat(run(f, Map.of())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("listen [::1]:8420 plaintext");
  }
}
