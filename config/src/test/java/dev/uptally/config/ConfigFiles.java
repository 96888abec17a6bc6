package dev.uptally.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test helpers: write a YAML file, load it, and find problems by line and key. */
final class ConfigFiles {

  static final String TOKEN = "0123456789abcdef0123";

  static final Map<String, String> EXAMPLE_ENV = Map.of(
      "UPTALLY_API_TOKEN", "api-token-0123456789abcdef",
      "ACME_ENROLL_TOKEN", "acme-enroll-0123456789abcdef",
      "GLOBEX_ENROLL_TOKEN", "globex-enroll-0123456789abcdef",
      "INITECH_ENROLL_TOKEN", "initech-enroll-0123456789abcdef",
      "UPTALLY_ENROLL_TOKEN", "acme-enroll-0123456789abcdef");

  private ConfigFiles() {}

  static Path write(Path dir, String name, String yaml) {
    try {
      return Files.writeString(dir.resolve(name), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<ConfigProblem> collectorProblems(Path file, Map<String, String> env) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> CollectorConfigLoader.load(file, env));
    assertThat(e).as("expected a ConfigException from " + file.getFileName()).isNotNull();
    return e.problems();
  }

  static List<ConfigProblem> agentProblems(Path file, Map<String, String> env) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> AgentConfigLoader.load(file, env));
    assertThat(e).as("expected a ConfigException from " + file.getFileName()).isNotNull();
    return e.problems();
  }

  static void assertHasProblem(List<ConfigProblem> problems, String file, int line, String key, String fragment) {
    assertThat(problems)
        .as("problems: %s", problems)
        .anySatisfy(p -> {
          assertThat(p.file()).isEqualTo(file);
          assertThat(p.line()).isEqualTo(line);
          assertThat(p.key()).isEqualTo(key);
          assertThat(p.message()).contains(fragment);
        });
  }
}
