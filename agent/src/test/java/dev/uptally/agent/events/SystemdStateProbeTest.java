package dev.uptally.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.protocol.ShutdownReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdStateProbeTest {

  @TempDir Path root;
  private final List<List<String>> commands = new ArrayList<>();

  private SystemdStateProbe probe(String systemctlSays) {
    return new SystemdStateProbe(root, cmd -> {
      commands.add(cmd);
      return Optional.ofNullable(systemctlSays);
    });
  }

  @Test
  void systemdStoppingMeansTheOsIsGoingDown() {
    assertThat(probe("stopping\n").shutdownReason()).isEqualTo(ShutdownReason.OS);
    assertThat(commands).containsExactly(List.of("systemctl", "is-system-running"));
  }

  @Test
  void aRunningSystemMeansOnlyTheAgentStops() {
    assertThat(probe("running\n").shutdownReason()).isEqualTo(ShutdownReason.AGENT);
    assertThat(probe("degraded\n").shutdownReason()).isEqualTo(ShutdownReason.AGENT);
  }

  @Test
  void aScheduledShutdownMeansTheOsIsGoingDown() throws IOException {
    Files.createDirectories(root.resolve("run/systemd/shutdown"));
    Files.writeString(root.resolve("run/systemd/shutdown/scheduled"), "USEC=1764000000000000\nMODE=reboot\n");
    assertThat(probe("running").osGoingDown()).isTrue();
  }

  @Test
  void nologinMeansTheOsIsGoingDown() throws IOException {
    Files.createDirectories(root.resolve("run"));
    Files.writeString(root.resolve("run/nologin"), "System is going down.");
    assertThat(probe("running").osGoingDown()).isTrue();
  }

  @Test
  void withoutSystemctlAndWithoutMarkersTheAgentStops() {
    assertThat(probe(null).shutdownReason()).isEqualTo(ShutdownReason.AGENT);
  }

  @Test
  void platformsWithoutAProbeReportTheAgent() {
    assertThat(SystemStateProbe.AGENT_ONLY.shutdownReason()).isEqualTo(ShutdownReason.AGENT);
  }

  @Test
  void commandOutputIsReadAndAMissingCommandIsNoAnswer() {
    assertThat(SystemdStateProbe.run(List.of("sh", "-c", "echo stopping"))).contains("stopping\n");
    assertThat(SystemdStateProbe.run(List.of("/nonexistent/systemctl", "is-system-running"))).isEmpty();
  }

  @Test
  void theRealProbeAnswersWithoutFailing() {
    assertThat(SystemdStateProbe.system().shutdownReason()).isNotNull();
  }
}
