package dev.uptally.collector.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The running postmaster of one data directory, found through its {@code postmaster.pid} (whose first line is the
 * postmaster's pid), for {@link PostgresServer#kill()} and for a start after a kill. Not thread-safe; its server
 * calls it under its own lock.
 */
final class ServerProcess {

  private static final long EXIT_WAIT_SECONDS = 30;

  private final Path pidFile;

  ServerProcess(Path dataDir) {
    this.pidFile = dataDir.resolve("postmaster.pid");
  }

  /** Whether the pid in {@code postmaster.pid} is a live process. */
  boolean isAlive() {
    return postmaster().map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * SIGKILLs the postmaster first (so that it cannot restart the others), then every process it started, and waits
   * until all have exited: a backend still attached to the old shared memory would stop the next start.
   */
  void killAll() {
    ProcessHandle postmaster = postmaster().orElseThrow(
        () -> new IllegalStateException("no live postmaster in " + pidFile + " to kill"));
    List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
    all.add(0, postmaster);
    List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
    for (ProcessHandle p : all) {
      p.destroyForcibly();
      exits.add(p.onExit());
    }
    try {
      CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).get(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new IllegalStateException("the killed postmaster " + postmaster.pid() + " or one of its processes "
          + all.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList() + " did not exit within "
          + EXIT_WAIT_SECONDS + " s (a zombie counts as alive until its parent, here PID 1, reaps it)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the killed postmaster to exit", e);
    }
  }

  /** After a kill, {@code postmaster.pid} names a dead process; removes it so that nothing mistakes it for live. */
  void removeStalePidFile() {
    if (Files.exists(pidFile) && !isAlive()) {
      try {
        Files.delete(pidFile);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove the stale " + pidFile, e);
      }
    }
  }

  /** Deletes {@code dir} and everything in it; a file already gone is fine. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }

  private Optional<ProcessHandle> postmaster() {
    String firstLine;
    try {
      firstLine = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pidFile, e);
    }
    if (!firstLine.matches("\\d+")) {
      throw new IllegalStateException(pidFile + " does not start with a pid: '" + firstLine + "'");
    }
    return ProcessHandle.of(Long.parseLong(firstLine)).filter(ProcessHandle::isAlive);
  }
}
