package dev.uptally.config;

import static dev.uptally.config.ConfigFiles.EXAMPLE_ENV;
import static dev.uptally.config.ConfigFiles.assertHasProblem;
import static dev.uptally.config.ConfigFiles.collectorProblems;
import static dev.uptally.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.config.collector.ApiConfig;
import dev.uptally.config.collector.CollectorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API tokens scoped to clients ({@code clients}) and given as their SHA-256 ({@code tokenSha256}). */
class ApiTokensConfigTest {

  private static final String SECRET = "acme-api-token-0123456789";
  /** {@code printf %s acme-api-token-0123456789 | sha256sum}, worked out outside the code under test. */
  private static final String SECRET_SHA256 = "df3334286e219bad1e98a1ca4b7231449bc3a909ea1fe180a0b4e40b289d81b4";

  @TempDir Path dir;

  /** Two clients under one contract, then the {@code api:} section given (its first line is line 5). */
  private Path config(String api) {
    return write(dir, "collector.yaml", """
        server: {metricsToken: metrics-token-0123456789}
        contracts: {standard: {}}
        clients:
          - {id: acme, timezone: UTC, contract: standard, enrollmentTokens: [acme-enroll-0123456789]}
        """ + "  - {id: globex, timezone: UTC, contract: standard, enrollmentTokens: [globex-enroll-0123456789]}\n"
        + api);
  }

  @Test
  void aTokenWithClientsSeesThoseAndOneWithoutSeesEveryClient() {
    CollectorConfig c = CollectorConfigLoader.load(config("""
        api:
          tokens:
            - {name: noc, token: noc-token-0123456789, role: operator}
            - {name: acme-it, token: acme-token-0123456789, role: viewer, clients: [acme]}
            - {name: both, token: both-token-0123456789, role: viewer, clients: [acme, globex]}
        """), Map.of());
    assertThat(c.api().tokens()).extracting(ApiConfig.ApiToken::name, ApiConfig.ApiToken::clients)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("noc", null),
            org.assertj.core.groups.Tuple.tuple("acme-it", Set.of("acme")),
            org.assertj.core.groups.Tuple.tuple("both", Set.of("acme", "globex")));
    assertThat(c.api().tokens().get(0).seesAllClients()).isTrue();
    assertThat(c.api().tokens().get(1).seesAllClients()).isFalse();
  }

  @Test
  void aHashedTokenKeepsOnlyItsDigestWhichIsTheSha256OfTheTokensUtf8Bytes() {
    CollectorConfig c = CollectorConfigLoader.load(config("""
        api:
          tokens:
            - {name: acme-it, tokenSha256: "%s", role: viewer, clients: [acme]}
        """.formatted(SECRET_SHA256.toUpperCase(java.util.Locale.ROOT))), Map.of());
    ApiConfig.ApiToken token = c.api().tokens().get(0);
    assertThat(token.token()).isNull();
    assertThat(token.tokenSha256()).isEqualTo(SECRET_SHA256);
    assertThat(token.sha256()).isEqualTo(ApiConfig.ApiToken.sha256Of(SECRET));
    assertThat(token.toString()).doesNotContain(SECRET_SHA256);
  }

  @Test
  void theDigestOfATokenInTheClearIsWhatSha256sumPrints() {
    assertThat(HexFormat.of().formatHex(new ApiConfig.ApiToken("a", SECRET, ApiConfig.Role.VIEWER).sha256()))
        .isEqualTo(SECRET_SHA256);
  }

  @Test
  void tokenAndTokenSha256TogetherOrNeitherAreProblemsAtTheirLine() {
    List<ConfigProblem> problems = collectorProblems(config("""
        api:
          tokens:
            - {name: a, token: a-token-0123456789abc, tokenSha256: "%s", role: viewer}
            - {name: b, role: viewer}
        """.formatted(SECRET_SHA256)), Map.of());
    assertHasProblem(problems, "collector.yaml", 8, "api.tokens[0].tokenSha256", "set either token or tokenSha256, "
        + "not both");
    assertHasProblem(problems, "collector.yaml", 9, "api.tokens[1].token", "is required (or tokenSha256");
  }

  @Test
  void aTokenSha256ThatIsNot64HexDigitsIsAProblemThatDoesNotEchoTheValue() {
    List<ConfigProblem> problems = collectorProblems(config("""
        api:
          tokens:
            - {name: a, tokenSha256: "pasted-the-secret-0123456789", role: viewer}
            - {name: b, tokenSha256: "%s", role: viewer}
        """.formatted("g".repeat(64))), Map.of());
    assertHasProblem(problems, "collector.yaml", 8, "api.tokens[0].tokenSha256", "64 hex digits");
    assertHasProblem(problems, "collector.yaml", 9, "api.tokens[1].tokenSha256", "not all hex digits");
    assertThat(problems).extracting(ConfigProblem::message).noneMatch(m -> m.contains("pasted-the-secret"));
  }

  @Test
  void aScopedTokenNamingAnUnknownClientIsAProblemAtTheClientsItem() {
    List<ConfigProblem> problems = collectorProblems(config("""
        api:
          tokens:
            - {name: a, token: a-token-0123456789abc, role: viewer,
               clients: [acme, globx]}
            - {name: b, token: b-token-0123456789abc, role: viewer, clients: []}
            - {name: c, token: c-token-0123456789abc, role: viewer, clients: [acme, acme]}
        """), Map.of());
    assertHasProblem(problems, "collector.yaml", 9, "api.tokens[0].clients[1]",
        "no client 'globx' (did you mean 'globex'?) (defined: acme, globex)");
    assertHasProblem(problems, "collector.yaml", 10, "api.tokens[1].clients", "is empty");
    assertHasProblem(problems, "collector.yaml", 11, "api.tokens[2].clients[1]", "client 'acme' is listed twice");
  }

  @Test
  void theSameSecretInTheClearAndAsItsDigestIsRefused() {
    List<ConfigProblem> problems = collectorProblems(config("""
        api:
          tokens:
            - {name: a, token: %s, role: viewer}
            - {name: b, tokenSha256: "%s", role: admin}
        """.formatted(SECRET, SECRET_SHA256)), Map.of());
    assertHasProblem(problems, "collector.yaml", 9, "api.tokens[1].tokenSha256",
        "the same token is used twice (compared by its SHA-256, also with api.tokens[0].token)");
  }

  @Test
  void aScopedTokenWhileMetricsIsOpenIsAWarning() {
    Path f = write(dir, "collector.yaml", """
        contracts: {standard: {}}
        clients:
          - {id: acme, timezone: UTC, contract: standard, enrollmentTokens: [acme-enroll-0123456789]}
        api:
          tokens:
            - {name: a, token: a-token-0123456789abc, role: viewer, clients: [acme]}
        """);
    LoadedConfig<CollectorConfig> loaded = CollectorConfigLoader.loadWithWarnings(f, Map.of());
    assertThat(loaded.warnings()).singleElement().satisfies(w -> {
      assertThat(w.line()).isEqualTo(6);
      assertThat(w.key()).isEqualTo("api.tokens[0].clients");
      assertThat(w.message()).contains("/metrics is open");
    });
  }

  @Test
  void theExamplesCommentedTenantTokensLoadWhenUncommented() throws Exception {
    String example = Files.readString(Path.of("examples/collector.yaml"));
    String uncommented = example.replace("    # - {name: acme-it", "    - {name: acme-it")
        .replace("    # - {name: globex-portal", "    - {name: globex-portal")
        .replace("  # metricsToken:", "  metricsToken:");
    assertThat(uncommented).isNotEqualTo(example);
    Path f = write(dir, "collector.yaml", uncommented);
    Map<String, String> env = new java.util.HashMap<>(EXAMPLE_ENV);
    env.put("ACME_API_TOKEN", "acme-api-token-0123456789");
    env.put("UPTALLY_METRICS_TOKEN", "metrics-token-0123456789");
    CollectorConfig c = CollectorConfigLoader.load(f, env);
    assertThat(c.api().tokens()).extracting(ApiConfig.ApiToken::name, ApiConfig.ApiToken::clients)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("noc", null),
            org.assertj.core.groups.Tuple.tuple("acme-it", Set.of("acme")),
            org.assertj.core.groups.Tuple.tuple("globex-portal", Set.of("globex")));
    assertThat(c.api().tokens().get(2).token()).isNull();
  }
}
