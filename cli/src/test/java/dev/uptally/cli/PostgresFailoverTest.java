package dev.uptally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.agent.AgentMain;
import dev.uptally.collector.testing.PostgresServer;
import dev.uptally.collector.testing.RequiresPostgres;
import dev.uptally.common.json.Json;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Failover on PostgreSQL as an operator runs it: two collector processes on one database (the second a standby), a
 * real agent process listing both URLs, and the active collector killed with SIGKILL mid-stream. The standby takes
 * the lease, the agent moves to it, and the history is whole: progress continues from what the dead collector
 * acknowledged, no sample is dropped, and the device was up throughout (a collector outage is no downtime).
 */
@RequiresPostgres
class PostgresFailoverTest {

  private static final String ENROLL = "agent-acme-token-0123456789";
  private static final String API = "agent-api-token-0123456789";

  @TempDir
  Path dir;
  private final PostgresServer pg = PostgresServer.get().orElseThrow();
  private final String database = pg.createDatabase();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Process active;
  private Process standby;
  private Process agent;

  @AfterEach
  void stop() throws Exception {
    for (Process p : new Process[] {agent, active, standby}) {
      if (p != null && p.isAlive()) {
        p.destroy();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  @Test
  void killingTheActiveCollectorMovesTheAgentToTheStandbyWithNothingLostAndNoDowntime() throws Exception {
    int portA = freePort();
    int portB = freePort();
    active = collector("a", portA, false);
    awaitReady(portA, Duration.ofSeconds(60));
    standby = collector("b", portB, true);
    awaitStatus(portB, "/readyz", 503, Duration.ofSeconds(60));
    agent = agent(portA, portB);

    long beforeKill = awaitProgress(seq -> seq >= 4, Duration.ofSeconds(90));
    String deviceId = deviceId();
    long killedAt = System.currentTimeMillis();
    active.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no goodbye to the database
    assertThat(active.waitFor(30, TimeUnit.SECONDS)).isTrue();

    long tookOverIn = awaitReady(portB, Duration.ofSeconds(60)) - killedAt;
    long after = awaitProgress(seq -> seq >= beforeKill + 5, Duration.ofSeconds(90));
    assertThat(after).isGreaterThanOrEqualTo(beforeKill + 5);
    System.out.println("failover: standby ready " + tookOverIn + " ms after the kill; seq " + beforeKill + " → "
        + after);

    JsonNode device = api(portB, "/api/v1/devices/" + deviceId);
    assertThat(device.path("droppedSamples").asLong(-1)).as("the agent dropped nothing").isZero();
    assertThat(device.path("state").asText()).isEqualTo("up");
    // the whole stretch around the kill: up, the outage on the reachability track only
    Instant from = Instant.ofEpochMilli(killedAt - 5_000);
    Instant to = Instant.ofEpochMilli(System.currentTimeMillis());
    JsonNode timeline = api(portB, "/api/v1/devices/" + deviceId + "/timeline?from=" + from + "&to=" + to);
    for (JsonNode entry : timeline) {
      assertThat(entry.path("state").asText()).as("timeline %s", timeline).isEqualTo("up");
    }
    JsonNode sla = api(portB, "/api/v1/devices/" + deviceId + "/sla?from=" + from + "&to=" + to);
    assertThat(sla.path("downSeconds").asLong(-1)).as("sla %s", sla).isZero();
    assertThat(sla.path("failures").asLong(-1)).isZero();
  }

  private Process collector(String name, int port, boolean standbyMode) throws Exception {
    String demo;
    try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/collector.yaml")) {
      demo = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    String storage = "storage:\n  postgres: {url: \"" + pg.jdbcUrl(database) + "\", user: " + pg.user()
        + ", password: \"${PG_PASSWORD}\", maxPoolSize: 4}\n  standby: " + standbyMode + "\n";
    String yaml = demo.replaceFirst("storage:\\n  sqlite: \\{[^}]*\\}[^\\n]*\\n", java.util.regex.Matcher
        .quoteReplacement(storage));
    assertThat(yaml).contains("postgres: {url:");
    Path config = Files.writeString(dir.resolve("collector-" + name + ".yaml"), yaml);
    ProcessBuilder pb = java(Main.class.getName(), "collector", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("collector-" + name + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.putAll(Map.of("UPTALLY_DEMO_PORT", Integer.toString(port), "UPTALLY_DEMO_INTERVAL", "2",
        "UPTALLY_API_TOKEN", API, "ACME_ENROLL_TOKEN", ENROLL, "GLOBEX_ENROLL_TOKEN", "agent-globex-token-0123456789",
        "INITECH_ENROLL_TOKEN", "agent-initech-token-0123456789", "PG_PASSWORD", pg.password()));
    return pb.start();
  }

  private Process agent(int portA, int portB) throws Exception {
    Path config = Files.writeString(dir.resolve("agent.yaml"), String.join("\n",
        "collector: {urls: [\"http://127.0.0.1:" + portA + "\", \"http://127.0.0.1:" + portB + "\"]}",
        "enrollmentToken: \"" + ENROLL + "\"",
        "deviceClass: server",
        "stateDir: " + dir.resolve("agent-state"), ""));
    return java(AgentMain.class.getName(), "--config", config.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("agent.log").toFile()).start();
  }

  private static ProcessBuilder java(String main, String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String[] command = new String[args.length + 4];
    command[0] = java;
    command[1] = "-cp";
    command[2] = System.getProperty("java.class.path");
    command[3] = main;
    System.arraycopy(args, 0, command, 4, args.length);
    return new ProcessBuilder(command);
  }

  /** The acknowledged seq of the (only) device, as committed in the database: what a collector acknowledged. */
  private long committedSeq() throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
        PreparedStatement ps = c.prepareStatement("SELECT max(last_seq) FROM device_progress");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      long v = rs.getLong(1);
      return rs.wasNull() ? -1 : v;
    } catch (java.sql.SQLException e) {
      return -1; // tables not created yet
    }
  }

  private String deviceId() throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
        PreparedStatement ps = c.prepareStatement("SELECT device_id FROM devices");
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).as("one device enrolled").isTrue();
      return rs.getString(1);
    }
  }

  private long awaitProgress(java.util.function.LongPredicate done, Duration timeout) throws Exception {
    return await(() -> {
      try {
        long seq = committedSeq();
        return done.test(seq) ? seq : Long.MIN_VALUE;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, timeout, "progress in the database; agent log: " + dir.resolve("agent.log"));
  }

  /** @return the time it answered 200 */
  private long awaitReady(int port, Duration timeout) throws Exception {
    awaitStatus(port, "/readyz", 200, timeout);
    return System.currentTimeMillis();
  }

  private void awaitStatus(int port, String path, int status, Duration timeout) throws Exception {
    await(() -> status(port, path) == status ? 1 : Long.MIN_VALUE, timeout, "GET " + path + " → " + status
        + " on port " + port);
  }

  private int status(int port, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      return -1; // not listening (yet)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private JsonNode api(int port, String pathAndQuery) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .header("Authorization", "Bearer " + API).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", pathAndQuery, r.body()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }

  private static long await(LongSupplier probe, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long v = probe.getAsLong();
      if (v != Long.MIN_VALUE) {
        return v;
      }
      Thread.sleep(100); // polling real processes
    }
    throw new AssertionError("not within " + timeout + ": " + what);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

}
