package dev.uptally.collector.testing;

import dev.uptally.collector.testing.PostgresInstallation.Result;
import dev.uptally.collector.testing.PostgresInstallation.Unavailable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests: one throwaway cluster per JVM, created by {@code initdb} in a fresh temporary
 * directory on the first {@link #get()}, listening on 127.0.0.1 only (TCP on a free port, its Unix socket in that
 * directory), and stopped and deleted by a shutdown hook. Clients log in as {@link #user()} with
 * {@link #password()} (scram-sha-256 over TCP); each test takes its own database from {@link #createDatabase()}.
 *
 * <p>Runs with {@code fsync=on} and {@code synchronous_commit=on}, as production does, so a commit costs what it
 * costs there and {@link #kill()} tests a real crash recovery. The server's log is {@code postgres.log} in the
 * directory; a failure to start carries its tail. Thread-safe; a test that {@link #stop()}s or {@link #kill()}s the
 * server shares it with every later test class in the JVM, so it must {@link #start()} it again, even on failure.
 * A JVM killed with SIGKILL leaves the server running: its directory says where ({@code pg_ctl stop -D DIR/data}).
 */
public final class PostgresServer {

  private static final String USER = "uptally";
  private static final int PORT_ATTEMPTS = 5;
  private static final int PG_CTL_WAIT_SECONDS = 120;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private static boolean attempted;
  private static PostgresServer instance;
  private static String unavailableReason = "";

  private final PostgresInstallation installation;
  private final Path dir;
  private final Path dataDir;
  private final ServerLog log;
  private final String password;
  private final ServerProcess process;
  private int port;
  private boolean running;

  private PostgresServer(PostgresInstallation installation, Path dir, String password) {
    this.installation = installation;
    this.dir = dir;
    this.dataDir = dir.resolve("data");
    this.log = new ServerLog(dir.resolve("postgres.log"));
    this.password = password;
    this.process = new ServerProcess(dataDir);
  }

  /**
   * The JVM's server, started on the first call (initdb and start: 1.5-5 s on a 2-core machine); empty when no
   * PostgreSQL can be started here, with the reason in {@link #unavailableReason()}. Never throws for that.
   */
  public static synchronized Optional<PostgresServer> get() {
    if (!attempted) {
      attempted = true;
      try {
        instance = create();
      } catch (Unavailable | IOException e) {
        unavailableReason = e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        unavailableReason = "interrupted while starting PostgreSQL";
      }
    }
    return Optional.ofNullable(instance);
  }

  /** Why {@link #get()} is empty (trying to start the server if nobody has yet); {@code ""} when it is not. */
  public static synchronized String unavailableReason() {
    get();
    return unavailableReason;
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
  public synchronized String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** The superuser that clients log in as. */
  public String user() {
    return USER;
  }

  /** {@link #user()}'s password, random for each JVM. */
  public String password() {
    return password;
  }

  /** The TCP port on 127.0.0.1; the same after {@link #stop()} and {@link #start()}. */
  public synchronized int port() {
    return port;
  }

  /** A new connection to {@code database} as {@link #user()} with the password, over TCP to 127.0.0.1. */
  public Connection connect(String database) throws SQLException {
    Properties login = new Properties();
    login.setProperty("user", USER);
    login.setProperty("password", password);
    login.setProperty("connectTimeout", "10"); // seconds
    return DriverManager.getConnection(jdbcUrl(database), login);
  }

  /** Creates a new empty database {@code uptally_t_<counter>_<random>} and returns its name. */
  public String createDatabase() {
    String name = "uptally_t_" + DATABASES.incrementAndGet() + "_" + randomHex(3);
    try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + " on " + this + ": " + e.getMessage(), e);
    }
    return name;
  }

  /** Stops the server with a fast shutdown (open transactions roll back); nothing to do when it is stopped. */
  public synchronized void stop() {
    if (running) {
      Result r = pgCtl(List.of("stop", "-m", "fast"));
      if (!r.succeeded()) {
        throw new IllegalStateException("pg_ctl stop -m fast failed for " + this + ": " + r.output().strip());
      }
      running = false;
    }
  }

  /**
   * Starts the same data directory on the same port again, after {@link #stop()} or {@link #kill()} (PostgreSQL
   * then recovers from its WAL); nothing to do when it is running. Throws when it cannot start, with the log's tail.
   */
  public synchronized void start() {
    if (!running) {
      process.removeStalePidFile();
      Attempt attempt = startOnce();
      if (!attempt.started()) {
        throw new IllegalStateException("cannot start PostgreSQL again on " + this + ": " + attempt.failure());
      }
    }
  }

  /**
   * Kills the postmaster and every process it started with SIGKILL, as a crash would, and returns once all of them
   * have exited; committed transactions survive, open ones are lost. Throws when the server is not running.
   */
  public synchronized void kill() {
    if (!running) {
      throw new IllegalStateException("cannot kill " + this + ": it is not running");
    }
    process.killAll();
    running = false;
  }

  @Override
  public String toString() {
    return "PostgreSQL " + installation.majorVersion() + " at 127.0.0.1:" + port + " (data in " + dataDir + ")";
  }

  private static PostgresServer create() throws Unavailable, IOException, InterruptedException {
    long startNanos = System.nanoTime();
    PostgresInstallation installation = PostgresInstallation.locate();
    PostgresServer server = new PostgresServer(installation, Files.createTempDirectory("uptally-pg-"),
        randomHex(16));
    try {
      server.initdb();
      server.startOnFreePort();
    } catch (Unavailable | IOException | InterruptedException | RuntimeException e) {
      server.discard();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::discard, "uptally-postgres-shutdown"));
    System.out.printf("%s started in %d ms%n", server, (System.nanoTime() - startNanos) / 1_000_000);
    return server;
  }

  private void initdb() throws Unavailable, IOException, InterruptedException {
    Path passwordFile = dir.resolve("password");
    Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
    installation.handOver(dir);
    installation.handOver(passwordFile);
    Result r = installation.run(dir, dir.resolve("initdb.out"), List.of(installation.bin("initdb"),
        "-D", dataDir.toString(), "-U", USER, "--auth-local=trust", "--auth-host=scram-sha-256",
        "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C",
        // its closing fsync of ~970 new files (39 MB) took 1.2 s of a 3.4 s initdb on a busy 2-core machine and
        // guards only against an OS crash, which no test makes; the server itself runs with fsync=on
        "--no-sync"));
    Files.delete(passwordFile);
    if (!r.succeeded()) {
      throw new Unavailable("initdb in " + installation.binDir() + " failed (exit " + r.exitCode() + "): "
          + ServerLog.tail(r.output()));
    }
  }

  /** A free port can be taken by another process before the server binds it; then it tries another. */
  private void startOnFreePort() throws Unavailable, IOException {
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < PORT_ATTEMPTS; i++) {
      port = freeLoopbackPort();
      Attempt attempt = startOnce();
      if (attempt.started()) {
        return;
      }
      if (!attempt.portTaken()) {
        throw new Unavailable("PostgreSQL " + installation.majorVersion() + " from " + installation.binDir()
            + " did not start on 127.0.0.1:" + port + ": " + attempt.failure());
      }
      failures.add(port + ": " + attempt.failure());
    }
    throw new Unavailable("every port tried on 127.0.0.1 was taken before PostgreSQL could bind it: " + failures);
  }

  private record Attempt(boolean started, boolean portTaken, String failure) {
  }

  private Attempt startOnce() {
    long logOffset = log.end();
    String options = "-c listen_addresses=127.0.0.1 -p " + port + " -k '" + dir + "'"
        + " -c fsync=on -c synchronous_commit=on -c max_connections=200";
    Result r = pgCtl(List.of("start", "-l", log.file().toString(), "-o", options));
    if (r.succeeded()) {
      running = true;
      return new Attempt(true, false, "");
    }
    String written = log.since(logOffset);
    return new Attempt(false, written.contains("Address already in use"),
        "pg_ctl start exited " + r.exitCode() + ": " + r.output().strip() + "; the server's log ends:\n"
            + ServerLog.tail(written));
  }

  private Result pgCtl(List<String> args) {
    List<String> command = new ArrayList<>(List.of(installation.bin("pg_ctl"), "-w", "-t",
        Integer.toString(PG_CTL_WAIT_SECONDS), "-D", dataDir.toString()));
    command.addAll(args);
    try {
      return installation.run(dir, dir.resolve("pg_ctl.out"), command);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    }
  }

  /** The shutdown hook, and the clean-up of a server that did not start: nothing is left behind in either case. */
  private synchronized void discard() {
    try {
      if (Files.exists(dataDir.resolve("postmaster.pid"))) {
        Result r = pgCtl(List.of("stop", "-m", "fast"));
        if (!r.succeeded() && process.isAlive()) {
          process.killAll();
        }
      }
      running = false;
      ServerProcess.deleteTree(dir);
    } catch (IOException | RuntimeException e) {
      System.err.println("could not stop or remove the tests' " + this + " in " + dir + ": " + e);
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
