package dev.uptally.config;

import static dev.uptally.config.ConfigFiles.EXAMPLE_ENV;
import static dev.uptally.config.ConfigFiles.assertHasProblem;
import static dev.uptally.config.ConfigFiles.collectorProblems;
import static dev.uptally.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.config.collector.ClientConfig;
import dev.uptally.config.collector.CollectorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clients[].statusPage: {slug: …}}: the opt-in public status page of a client. */
class StatusPageConfigTest {

  @TempDir Path dir;

  /** One contract, then the clients given (the first client's line is line 3). */
  private Path config(String clients) {
    return write(dir, "collector.yaml", "contracts: {standard: {}}\nclients:\n" + clients);
  }

  @Test
  void aClientWithAStatusPageHasItsSlugAndOneWithoutHasNone() {
    CollectorConfig c = CollectorConfigLoader.load(config("""
          - {id: acme, timezone: UTC, contract: standard, enrollmentTokens: [acme-enroll-0123456789],
             statusPage: {slug: acme-status}}
          - {id: globex, timezone: UTC, contract: standard, enrollmentTokens: [globex-enroll-0123456789]}
        """), Map.of());
    assertThat(c.client("acme").orElseThrow().statusPage()).isEqualTo(new ClientConfig.StatusPage("acme-status"));
    assertThat(c.client("acme").orElseThrow().statusPage().path()).isEqualTo("/status/acme-status");
    assertThat(c.client("globex").orElseThrow().statusPage()).isNull();
  }

  @Test
  void aSlugOutsideTheAlphabetOrTooShortOrTooLongIsAProblemAtItsLine() {
    List<ConfigProblem> problems = collectorProblems(config("""
          - {id: a, timezone: UTC, contract: standard, enrollmentTokens: [a-enroll-0123456789],
             statusPage: {slug: Acme_Status}}
          - {id: b, timezone: UTC, contract: standard, enrollmentTokens: [b-enroll-0123456789],
             statusPage: {slug: ab}}
          - {id: c, timezone: UTC, contract: standard, enrollmentTokens: [c-enroll-0123456789],
             statusPage: {slug: %s}}
          - {id: d, timezone: UTC, contract: standard, enrollmentTokens: [d-enroll-0123456789],
             statusPage: {slug: "acme.json"}}
        """.formatted("x".repeat(65))), Map.of());
    assertHasProblem(problems, "collector.yaml", 4, "clients[0].statusPage.slug",
        "'Acme_Status' is not a status page slug (3 to 64 of a-z, 0-9 and '-'");
    assertHasProblem(problems, "collector.yaml", 6, "clients[1].statusPage.slug", "'ab' is not a status page slug");
    assertHasProblem(problems, "collector.yaml", 8, "clients[2].statusPage.slug", "is not a status page slug");
    assertHasProblem(problems, "collector.yaml", 10, "clients[3].statusPage.slug", "is not a status page slug");
  }

  @Test
  void aSlugOfAnotherClientAMissingSlugAndAnUnknownKeyAreProblems() {
    List<ConfigProblem> problems = collectorProblems(config("""
          - {id: acme, timezone: UTC, contract: standard, enrollmentTokens: [acme-enroll-0123456789],
             statusPage: {slug: status}}
          - {id: globex, timezone: UTC, contract: standard, enrollmentTokens: [globex-enroll-0123456789],
             statusPage: {slug: status}}
          - {id: initech, timezone: UTC, contract: standard, enrollmentTokens: [initech-enroll-0123456789],
             statusPage: {}}
          - {id: umbrella, timezone: UTC, contract: standard, enrollmentTokens: [umbrella-enroll-0123456789],
             statusPage: {slug: umbrella, title: Umbrella}}
        """), Map.of());
    assertHasProblem(problems, "collector.yaml", 6, "clients[1].statusPage.slug",
        "status page slug 'status' is already used by client 'acme'");
    assertHasProblem(problems, "collector.yaml", 8, "clients[2].statusPage.slug", "is required");
    assertHasProblem(problems, "collector.yaml", 10, "clients[3].statusPage.title", "unknown key");
    assertThat(problems).hasSize(3);
  }

  @Test
  void theExampleHasAStatusPageAndCheckConfigNamesIt() {
    CollectorConfig c = CollectorConfigLoader.load(Path.of("examples/collector.yaml"), EXAMPLE_ENV);
    assertThat(c.clients()).filteredOn(client -> client.statusPage() != null)
        .extracting(client -> client.id() + " " + client.statusPage().slug()).containsExactly("acme acme-status");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = CheckConfig.run(Path.of("examples/collector.yaml"), EXAMPLE_ENV,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));
    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("; public status pages /status/acme-status (acme))");
  }
}
