package dev.uptally.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.Sample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMainTest {

  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return AgentMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onceprintsOneSampleOfThisMachineAsJson() {
    assertThat(run("--once")).isZero();
    Sample s = Json.mapper().readValue(out.toString(StandardCharsets.UTF_8), Sample.class);
    assertThat(s.health().memory().totalBytes()).isPositive();
    assertThat(s.inventory().os().family()).isNotBlank();
    assertThat(s.bootTime()).isPositive();
  }

  @Test
  void missingConfigIsAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err()).contains("--config FILE is required");
  }

  @Test
  void invalidConfigIsReportedWithFileAndLine() throws Exception {
    Path cfg = Files.writeString(tmp.resolve("agent.yaml"),
        "collector: {url: \"http://127.0.0.1:1\"}\nenrollmentToken: abcdefghijklmnop\ndeviceClass: mainframe\nstateDir: " + tmp + "\n");
    assertThat(run("--config", cfg.toString())).isEqualTo(2);
    assertThat(err()).contains("agent.yaml").contains("mainframe");
  }

  @Test
  void unwritableStateDirExitsWithAnErrorNamingThePath() throws Exception {
    Path blocker = Files.writeString(tmp.resolve("blocker"), "x");
    Path cfg = Files.writeString(tmp.resolve("agent.yaml"),
        "collector: {url: \"http://127.0.0.1:1\"}\nenrollmentToken: abcdefghijklmnop\nstateDir: " + blocker.resolve("state") + "\n");
    assertThat(run("--config", cfg.toString())).isEqualTo(1);
    assertThat(err()).contains(blocker.resolve("state").toString());
  }
}
