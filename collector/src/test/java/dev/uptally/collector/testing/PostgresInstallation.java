package dev.uptally.collector.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PostgreSQL server binaries ({@code initdb}, {@code pg_ctl}, {@code postgres}) that {@link PostgresServer} runs,
 * and the OS user it runs them as: the current user, or {@value #SERVER_USER} when the tests run as root (PostgreSQL
 * refuses to run as root, so CI's root shell goes through {@code runuser}).
 */
record PostgresInstallation(Path binDir, int majorVersion, Optional<String> runAsUser) {

  /** The oldest major version the tests accept. */
  static final int OLDEST_MAJOR = 13;
  static final String SERVER_USER = "postgres";
  private static final String BIN_ENV = "UPTALLY_TEST_PG_BIN";
  private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
  private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");
  private static final long COMMAND_TIMEOUT_SECONDS = 120;

  /** Why no PostgreSQL can be started here; the message is the reason shown when the tests skip or fail. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String reason) {
      super(reason);
    }
  }

  /** What a command printed (stdout and stderr together) and its exit code. */
  record Result(int exitCode, String output) {
    boolean succeeded() {
      return exitCode == 0;
    }
  }

  /**
   * Finds the binaries: the directory in env {@value #BIN_ENV} if set, else the real directory of {@code pg_ctl} on
   * PATH (Debian's are not on PATH), else the newest {@code /usr/lib/postgresql/<major>/bin}.
   */
  static PostgresInstallation locate() throws Unavailable, IOException, InterruptedException {
    String configured = System.getenv(BIN_ENV);
    Path binDir;
    if (configured != null && !configured.isBlank()) {
      binDir = Path.of(configured);
      requireServerBinaries(binDir, BIN_ENV + "=" + configured);
    } else {
      binDir = onPath("pg_ctl").or(PostgresInstallation::newestDebianBinDir).orElseThrow(() -> new Unavailable(
          "no pg_ctl on PATH nor in " + DEBIAN_VERSIONS + "/*/bin (install PostgreSQL " + OLDEST_MAJOR
              + "+, Debian: apt-get install postgresql; or set " + BIN_ENV + " to its bin directory)"));
      requireServerBinaries(binDir, binDir.toString());
    }
    Optional<String> runAs = isRoot() ? Optional.of(SERVER_USER) : Optional.empty();
    if (runAs.isPresent() && lookupUser(SERVER_USER).isEmpty()) {
      throw new Unavailable("running as root, and PostgreSQL refuses to: there is no OS user '" + SERVER_USER
          + "' to run it as (Debian's postgresql package creates one)");
    }
    PostgresInstallation probe = new PostgresInstallation(binDir, 0, runAs);
    Path output = Files.createTempFile("uptally-pg-version", ".out");
    Result version;
    try {
      version = probe.run(binDir, output, List.of(binDir.resolve("postgres").toString(), "--version"));
    } finally {
      Files.delete(output);
    }
    Matcher m = VERSION.matcher(version.output());
    if (!version.succeeded() || !m.find()) {
      throw new Unavailable(binDir.resolve("postgres") + " --version failed (exit " + version.exitCode() + "): "
          + version.output().strip());
    }
    int major = Integer.parseInt(m.group(1));
    if (major < OLDEST_MAJOR) {
      throw new Unavailable("PostgreSQL " + major + " in " + binDir + " is older than " + OLDEST_MAJOR);
    }
    return new PostgresInstallation(binDir, major, runAs);
  }

  /** The path of one of the binaries, e.g. {@code bin("initdb")}. */
  String bin(String name) {
    return binDir.resolve(name).toString();
  }

  /** Makes {@code path} the server user's, so that it can write there; nothing to do when not running as root. */
  void handOver(Path path) throws IOException {
    if (runAsUser.isPresent()) {
      UserPrincipal owner = lookupUser(runAsUser.get()).orElseThrow(
          () -> new IOException("no OS user '" + runAsUser.get() + "' to own " + path));
      Files.setOwner(path, owner);
    }
  }

  /**
   * Runs {@code command} as the server user in {@code workDir} (which that user can enter), with its output in
   * {@code outputFile} (a file, not a pipe: {@code pg_ctl start} leaves a server running that must not hold the pipe
   * open), and waits at most {@value #COMMAND_TIMEOUT_SECONDS} s for it.
   */
  Result run(Path workDir, Path outputFile, List<String> command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    runAsUser.ifPresent(user -> full.addAll(List.of("runuser", "-u", user, "--")));
    full.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(full).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(outputFile.toFile());
    // English messages, so that a log can be searched for "Address already in use"; no PG* variable of the caller
    builder.environment().put("LC_ALL", "C");
    builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
    Process process = builder.start();
    if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", full) + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
    }
    return new Result(process.exitValue(), Files.readString(outputFile, StandardCharsets.UTF_8));
  }

  private static void requireServerBinaries(Path binDir, String where) throws Unavailable {
    for (String name : List.of("initdb", "pg_ctl", "postgres")) {
      if (!Files.isExecutable(binDir.resolve(name))) {
        throw new Unavailable("no executable " + name + " in " + where);
      }
    }
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir).resolve(name);
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        try {
          return Optional.of(candidate.toRealPath().getParent()); // /usr/local/bin/pg_ctl -> /usr/lib/postgresql/N/bin
        } catch (IOException e) {
          throw new IllegalStateException("cannot resolve " + candidate + ": " + e.getMessage(), e);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> newestDebianBinDir() {
    if (!Files.isDirectory(DEBIAN_VERSIONS)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(DEBIAN_VERSIONS)) {
      return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
          .filter(v -> Files.isExecutable(v.resolve("bin/pg_ctl")))
          .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
          .map(v -> v.resolve("bin"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + DEBIAN_VERSIONS + ": " + e.getMessage(), e);
    }
  }

  private static boolean isRoot() {
    String os = System.getProperty("os.name", "");
    return !os.startsWith("Windows") && new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  private static Optional<UserPrincipal> lookupUser(String name) {
    try {
      return Optional.of(Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name));
    } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("cannot look up OS user '" + name + "': " + e.getMessage(), e);
    }
  }
}
