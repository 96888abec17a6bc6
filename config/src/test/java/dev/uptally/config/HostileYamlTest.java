package dev.uptally.config;

import static dev.uptally.config.ConfigFiles.assertHasProblem;
import static dev.uptally.config.ConfigFiles.collectorProblems;
import static dev.uptally.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input written to hurt the parser is refused quickly, with a clear problem and nothing constructed. */
class HostileYamlTest {

  @TempDir Path dir;

  @Test
  void billionLaughsAliasBombIsRefused() {
    StringBuilder y = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'i'; c++) {
      char p = (char) (c - 1);
      y.append(c).append(": &").append(c).append(" [*").append(p);
      for (int i = 1; i < 9; i++) {
        y.append(",*").append(p);
      }
      y.append("]\n");
    }
    Path f = write(dir, "collector.yaml", y.toString());
    long start = System.nanoTime();
    List<ConfigProblem> problems = collectorProblems(f, Map.of());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    // the 51st alias is on line 7 (g's list): 6 lines of 9 aliases each before it hold 45
    assertHasProblem(problems, "collector.yaml", 7, "", "more than 50 aliases");
  }

  @Test
  void aFewAliasesAreFine() {
    Path f = write(dir, "c.yaml", """
        calendars:
          office: {weekly: &weekdays ["MON-FRI 08:00-18:00"]}
          office-2: {weekly: *weekdays}
        """);
    assertThat(CollectorConfigLoader.load(f, Map.of()).calendars()).hasSize(2);
  }

  @Test
  void oversizedFileIsRefusedBeforeParsing() {
    Path f = write(dir, "collector.yaml", "# " + "x".repeat(1024 * 1024) + "\n");
    assertHasProblem(collectorProblems(f, Map.of()), "collector.yaml", 0, "", "larger than 1048576 bytes");
  }

  @Test
  void deepNestingIsRefused() {
    Path f = write(dir, "collector.yaml", "a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
    assertHasProblem(collectorProblems(f, Map.of()), "collector.yaml", 1, "", "nesting deeper than 32");
  }

  @Test
  void javaTagsAreRefusedNeverConstructed() {
    Path f = write(dir, "collector.yaml", """
        server:
          listen: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://127.0.0.1:1/"]]]]
        """);
    List<ConfigProblem> problems = collectorProblems(f, Map.of());
    assertHasProblem(problems, "collector.yaml", 2, "", "the tag 'tag:yaml.org,2002:javax.script.ScriptEngineManager' is not allowed");
  }

  @Test
  void localTagsAreRefused() {
    Path f = write(dir, "collector.yaml", "server: !custom {listen: x}\n");
    assertHasProblem(collectorProblems(f, Map.of()), "collector.yaml", 1, "", "the tag '!custom' is not allowed");
  }

  @Test
  void syntaxErrorsNameTheLine() {
    Path f = write(dir, "collector.yaml", "server:\n  listen: \"127.0.0.1:8420\n heartbeat: {\n");
    assertThat(collectorProblems(f, Map.of())).singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("not valid YAML"));
  }

  @Test
  void missingFileIsOneProblem() {
    assertThat(collectorProblems(dir.resolve("nope.yaml"), Map.of())).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("no such file"));
  }
}
