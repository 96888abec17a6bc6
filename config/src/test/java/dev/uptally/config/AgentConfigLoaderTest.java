package dev.uptally.config;

import static dev.uptally.config.ConfigFiles.EXAMPLE_ENV;
import static dev.uptally.config.ConfigFiles.agentProblems;
import static dev.uptally.config.ConfigFiles.assertHasProblem;
import static dev.uptally.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.config.agent.AgentConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigLoaderTest {

  @TempDir Path dir;

  @Test
  void exampleLoadsWithTheDesignsValues() {
    AgentConfig a = AgentConfigLoader.load(Path.of("examples/agent.yaml"), EXAMPLE_ENV);
    assertThat(a.collector().url()).isEqualTo(URI.create("https://collector.example:8420"));
    assertThat(a.collector().urls()).containsExactly(URI.create("https://collector.example:8420"));
    assertThat(a.collector().caFile()).isNull();
    assertThat(a.enrollmentToken()).isEqualTo("acme-enroll-0123456789abcdef");
    assertThat(a.deviceClass()).isEqualTo("auto");
    assertThat(a.stateDir()).isEqualTo(Path.of("/var/lib/uptally-agent"));
    assertThat(a.spool()).isEqualTo(new AgentConfig.SpoolConfig(64L << 20, Duration.ofDays(35)));
    assertThat(a.tags()).containsExactly(Map.entry("site", "hq"));
    assertThat(a.toString()).doesNotContain("acme-enroll");
  }

  @Test
  void minimalConfigGetsDefaultsAndResolvesRelativePaths() {
    Path f = write(dir, "agent.yaml", """
        collector: {url: "http://127.0.0.1:8420", proxy: "proxy.example:3128"}
        enrollmentToken: "%s"
        stateDir: state
        spool: {maxBytes: 512KiB}
        """.formatted(ConfigFiles.TOKEN));
    AgentConfig a = AgentConfigLoader.load(f, Map.of());
    assertThat(a.deviceClass()).isEqualTo("auto");
    assertThat(a.stateDir()).isEqualTo(dir.resolve("state"));
    assertThat(a.spool()).isEqualTo(new AgentConfig.SpoolConfig(512L * 1024, Duration.ofDays(35)));
    assertThat(a.collector().proxy()).isEqualTo("proxy.example:3128");
  }

  @Test
  void badValuesAreAllReportedWithLines() {
    Path f = write(dir, "agent.yaml", """
        collector: {url: "collector.example:8420", caFile: missing-ca.pem}
        enrollmentToken: "${UPTALLY_ENROLL_TOKEN}"
        deviceClass: tablet
        spool: {maxBytes: 64 MiBs, maxAge: forever}
        tag: {site: hq}
        """);
    List<ConfigProblem> p = agentProblems(f, Map.of());
    assertHasProblem(p, "agent.yaml", 1, "collector.url", "not an http(s) URL");
    assertHasProblem(p, "agent.yaml", 1, "collector.caFile", "does not exist");
    assertHasProblem(p, "agent.yaml", 2, "enrollmentToken", "environment variable UPTALLY_ENROLL_TOKEN is not set");
    assertHasProblem(p, "agent.yaml", 3, "deviceClass", "'tablet' is not a device class");
    assertHasProblem(p, "agent.yaml", 4, "spool.maxBytes", "'64 MiBs' is not a size");
    assertHasProblem(p, "agent.yaml", 4, "spool.maxAge", "'forever' is not a duration");
    assertHasProblem(p, "agent.yaml", 5, "tag", "unknown key (did you mean 'tags'?)");
    assertHasProblem(p, "agent.yaml", 1, "stateDir", "is required");
  }

  @Test
  void tagsTheCollectorWouldRefuseAtEnrollmentAreReportedWithTheirLines() {
    Path f = write(dir, "agent.yaml", """
        collector: {url: "http://127.0.0.1:8420"}
        enrollmentToken: "%s"
        stateDir: state
        tags:
          site: hq
          notes: "%s"
          "%s": x
        """.formatted(ConfigFiles.TOKEN, "n".repeat(257), "k".repeat(65)));
    List<ConfigProblem> p = agentProblems(f, Map.of());
    assertHasProblem(p, "agent.yaml", 6, "tags.notes", "at most 256 characters");
    assertHasProblem(p, "agent.yaml", 7, "tags." + "k".repeat(65), "1-64 characters");
  }

  @Test
  void severalCollectorUrlsKeepTheirOrderAndShareTheCaFileAndProxy() {
    Path ca = write(dir, "ca.pem", "-----BEGIN CERTIFICATE-----\n");
    Path f = write(dir, "agent.yaml", """
        collector:
          urls:
            - "https://a.example:8420"
            - "https://b.example:8420/"
          caFile: ca.pem
          proxy: "proxy.example:3128"
        enrollmentToken: "%s"
        stateDir: state
        """.formatted(ConfigFiles.TOKEN));
    AgentConfig a = AgentConfigLoader.load(f, Map.of());
    assertThat(a.collector().urls())
        .containsExactly(URI.create("https://a.example:8420"), URI.create("https://b.example:8420/"));
    assertThat(a.collector().url()).as("the one the agent starts with").isEqualTo(URI.create("https://a.example:8420"));
    assertThat(a.collector().caFile()).isEqualTo(ca);
    assertThat(a.collector().proxy()).isEqualTo("proxy.example:3128");
  }

  @Test
  void aListOfOneUrlIsTheSameAsUrl() {
    Path f = write(dir, "agent.yaml", """
        collector: {urls: ["http://127.0.0.1:8420"]}
        enrollmentToken: "%s"
        stateDir: state
        """.formatted(ConfigFiles.TOKEN));
    assertThat(AgentConfigLoader.load(f, Map.of()).collector())
        .isEqualTo(new AgentConfig.CollectorEndpoint(URI.create("http://127.0.0.1:8420"), null, null));
  }

  @Test
  void urlAndUrlsTogetherIsAnErrorNamingTheLineOfEach() {
    Path f = write(dir, "agent.yaml", """
        enrollmentToken: "%s"
        stateDir: state
        collector:
          url: "https://a.example:8420"
          urls: ["https://a.example:8420", "https://b.example:8420"]
        """.formatted(ConfigFiles.TOKEN));
    List<ConfigProblem> p = agentProblems(f, Map.of());
    assertHasProblem(p, "agent.yaml", 5, "collector.urls", "is set together with collector.url (line 4)");
    assertThat(p).hasSize(1);
  }

  @Test
  void anEmptyUrlListIsAnError() {
    Path f = write(dir, "agent.yaml", """
        collector: {urls: []}
        enrollmentToken: "%s"
        stateDir: state
        """.formatted(ConfigFiles.TOKEN));
    List<ConfigProblem> p = agentProblems(f, Map.of());
    assertHasProblem(p, "agent.yaml", 1, "collector.urls", "lists no URL");
    assertThat(p).hasSize(1);
  }

  @Test
  void aDuplicateUrlIsAnErrorNamingBothIndexes() {
    Path f = write(dir, "agent.yaml", """
        collector:
          urls:
            - "https://a.example:8420"
            - "https://b.example:8420"
            - "HTTPS://A.example:8420/"
        enrollmentToken: "%s"
        stateDir: state
        """.formatted(ConfigFiles.TOKEN));
    List<ConfigProblem> p = agentProblems(f, Map.of());
    assertHasProblem(p, "agent.yaml", 5, "collector.urls[2]", "is the same URL as collector.urls[0] (line 3)");
    assertThat(p).hasSize(1);
  }

  @Test
  void aDefaultPortWrittenOutIsTheSameUrl() {
    Path f = write(dir, "agent.yaml", """
        collector: {urls: ["https://a.example", "https://a.example:443"]}
        enrollmentToken: "%s"
        stateDir: state
        """.formatted(ConfigFiles.TOKEN));
    assertHasProblem(agentProblems(f, Map.of()), "agent.yaml", 1, "collector.urls[1]", "same URL as collector.urls[0]");
  }

  @Test
  void aUrlThatIsNotHttpOrIsMissingIsAnErrorNamingItsIndex() {
    Path f = write(dir, "agent.yaml", """
        collector:
          urls:
            - "https://a.example:8420"
            - "ftp://b.example"
            - "c.example:8420"
            - null
        enrollmentToken: "%s"
        stateDir: state
        """.formatted(ConfigFiles.TOKEN));
    List<ConfigProblem> p = agentProblems(f, Map.of());
    assertHasProblem(p, "agent.yaml", 4, "collector.urls[1]", "not an http(s) URL with a host");
    assertHasProblem(p, "agent.yaml", 5, "collector.urls[2]", "not an http(s) URL with a host");
    assertHasProblem(p, "agent.yaml", 6, "collector.urls[3]", "is empty (expected an http(s) URL");
    assertThat(p).hasSize(3);
  }

  @Test
  void urlsThatIsNotAListIsAnError() {
    Path f = write(dir, "agent.yaml", """
        collector: {urls: "https://a.example:8420"}
        enrollmentToken: "%s"
        stateDir: state
        """.formatted(ConfigFiles.TOKEN));
    List<ConfigProblem> p = agentProblems(f, Map.of());
    assertHasProblem(p, "agent.yaml", 1, "collector.urls", "expected a list");
    assertThat(p).hasSize(1);
  }

  @Test
  void aCollectorWithoutUrlOrUrlsSaysBothWays() {
    Path f = write(dir, "agent.yaml", """
        collector: {proxy: "proxy.example:3128"}
        enrollmentToken: "%s"
        stateDir: state
        """.formatted(ConfigFiles.TOKEN));
    List<ConfigProblem> p = agentProblems(f, Map.of());
    assertHasProblem(p, "agent.yaml", 1, "collector.url", "is required");
    assertHasProblem(p, "agent.yaml", 1, "collector.url", "or urls: [a, b]");
  }
}
