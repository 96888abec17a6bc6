package dev.uptally.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

  private final List<String> problems = new ArrayList<>();

  @Test
  void replacesEveryReferenceInAValue() {
    assertThat(EnvSubstitution.apply("https://${HOST}:${PORT:-8420}/x", Map.of("HOST", "h"), problems::add))
        .isEqualTo("https://h:8420/x");
    assertThat(problems).isEmpty();
  }

  @Test
  void defaultAppliesWhenTheVariableIsEmptyButPlainReferenceKeepsEmpty() {
    assertThat(EnvSubstitution.apply("${A:-d}", Map.of("A", ""), problems::add)).isEqualTo("d");
    assertThat(EnvSubstitution.apply("${A}", Map.of("A", ""), problems::add)).isEmpty();
    assertThat(EnvSubstitution.apply("${A:-}", Map.of(), problems::add)).isEmpty();
  }

  @Test
  void everyMissingVariableIsNamed() {
    assertThat(EnvSubstitution.apply("${A}-${B}", Map.of(), problems::add)).isNull();
    assertThat(problems).containsExactly("environment variable A is not set", "environment variable B is not set");
  }

  @Test
  void malformedReferenceIsAProblem() {
    assertThat(EnvSubstitution.apply("${1A}", Map.of(), problems::add)).isNull();
    assertThat(EnvSubstitution.apply("${A", Map.of("A", "x"), problems::add)).isNull();
    assertThat(problems).hasSize(2).allMatch(p -> p.startsWith("malformed environment reference"));
  }

  @Test
  void textWithoutReferencesIsUntouched() {
    assertThat(EnvSubstitution.apply("$HOME and $ {X}", Map.of(), problems::add)).isEqualTo("$HOME and $ {X}");
  }
}
