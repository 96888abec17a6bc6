package dev.uptally.agent.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * A D-Bus daemon of the test's own on a UNIX socket in a temp dir ({@code dbus-daemon --session}, whose policy
 * lets anyone own any name and pass file descriptors), standing in for the system bus. Tests that need it skip
 * where {@code dbus-daemon} is not installed, unless {@value #REQUIRE_ENV}=1 (CI installs it), where they fail.
 */
public final class PrivateBus implements AutoCloseable {

  public static final String REQUIRE_ENV = "UPTALLY_REQUIRE_DBUS";
  private static final Path DAEMON = Path.of("/usr/bin/dbus-daemon");

  private final Process process;
  private final String address;

  private PrivateBus(Process process, String address) {
    this.process = process;
    this.address = address;
  }

  /** Starts a bus with its socket in {@code dir}; skips (or fails, see above) where there is no dbus-daemon. */
  public static PrivateBus start(Path dir) {
    if (!Files.isExecutable(DAEMON)) {
      String message = DAEMON + " is not installed (apt-get install dbus)";
      if ("1".equals(System.getenv(REQUIRE_ENV))) {
        fail(message + "; " + REQUIRE_ENV + "=1: the D-Bus tests must run here");
      }
      Assumptions.abort(message);
    }
    Path socket = dir.resolve("bus");
    try {
      Process p = new ProcessBuilder(DAEMON.toString(), "--session", "--nofork", "--nopidfile",
          "--address=unix:path=" + socket, "--print-address")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      return new PrivateBus(p, firstLine(p));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + DAEMON, e);
    }
  }

  /** The daemon prints its address once it listens; bounded, since a broken daemon prints nothing. */
  private static String firstLine(Process p) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      String address = line.get(10, TimeUnit.SECONDS);
      if (address == null || address.isBlank()) {
        p.destroyForcibly();
        throw new IOException("dbus-daemon exited without printing its address (exit " + p.waitFor() + ")");
      }
      return address.trim();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while waiting for dbus-daemon", e);
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      throw new IOException("dbus-daemon did not print its address within 10 s", e);
    }
  }

  /** The bus address, {@code unix:path=…,guid=…}. */
  public String address() {
    return address;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
