package dev.uptally.agent.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Linux with systemd: the OS is going down when {@code systemctl is-system-running} says
 * {@code stopping}, or when systemd-logind has written {@code /run/systemd/shutdown/scheduled} (a
 * shutdown or reboot is scheduled), or {@code /run/nologin} exists (written when a shutdown is
 * imminent and while the system is going down; it also exists briefly during early boot, before the
 * agent's unit starts).
 *
 * <p>Asked once, from the shutdown hook; the command gets {@value #COMMAND_TIMEOUT_MILLIS} ms.
 */
public final class SystemdStateProbe implements SystemStateProbe {

  static final long COMMAND_TIMEOUT_MILLIS = 1500;

  private final Path root;
  private final Function<List<String>, Optional<String>> command;

  /** @param root {@code /} in production; @param command runs a command, returns its stdout (empty on failure) */
  public SystemdStateProbe(Path root, Function<List<String>, Optional<String>> command) {
    this.root = root;
    this.command = command;
  }

  /** The probe of this machine. */
  public static SystemdStateProbe system() {
    return new SystemdStateProbe(Path.of("/"), SystemdStateProbe::run);
  }

  @Override
  public boolean osGoingDown() {
    if (Files.exists(root.resolve("run/systemd/shutdown/scheduled")) || Files.exists(root.resolve("run/nologin"))) {
      return true;
    }
    return command.apply(List.of("systemctl", "is-system-running"))
        .map(out -> out.trim().equals("stopping"))
        .orElse(false);
  }

  /** Runs a command with a short timeout; empty when it cannot run or does not finish. */
  static Optional<String> run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(COMMAND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return Optional.of(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty(); // no systemctl (container, non-systemd distro): nothing to learn from it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
