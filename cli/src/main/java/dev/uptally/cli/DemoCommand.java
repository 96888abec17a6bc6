package dev.uptally.cli;

import dev.uptally.agent.Agent;
import dev.uptally.agent.clock.AgentClock;
import dev.uptally.agent.events.SystemStateProbe;
import dev.uptally.agent.hardware.OshiHardwareReader;
import dev.uptally.cli.sim.BackfillResult;
import dev.uptally.cli.sim.FleetProfile;
import dev.uptally.cli.sim.LifecycleOptions;
import dev.uptally.cli.sim.Simulator;
import dev.uptally.cli.sim.SimulatorOptions;
import dev.uptally.collector.CollectorApp;
import dev.uptally.config.AgentConfigLoader;
import dev.uptally.config.CollectorConfigLoader;
import dev.uptally.config.agent.AgentConfig;
import dev.uptally.config.collector.CollectorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./uptally demo}: a collector with embedded storage, a simulated fleet of about three hundred devices in
 * three clients with a month of history, then live; prints the dashboard URL and an API token; Ctrl-C stops it.
 */
@Command(name = "demo", description = "Collector + simulated fleet (3 clients, ~300 devices, a month of history), "
    + "dashboard on http://127.0.0.1:8420/.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8420", description = "loopback port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--days", defaultValue = "30", description = "days of history to backfill (default ${DEFAULT-VALUE})")
  int days;

  @Option(names = "--interval", defaultValue = "60",
      description = "heartbeat interval in seconds for the demo fleet (default ${DEFAULT-VALUE})")
  int intervalSeconds;

  @Option(names = "--data", defaultValue = "data/demo", description = "demo data directory, replaced on every run")
  Path data;

  @Option(names = "--seed", defaultValue = "42", description = "simulation seed (same seed, same fleet)")
  long seed;

  @Option(names = "--postgres", paramLabel = "JDBC_URL", description = "keep the demo's state in this PostgreSQL"
      + " database instead of SQLite (it must hold no devices yet; the password comes from UPTALLY_DEMO_PG_PASSWORD)")
  String postgresUrl;

  @Option(names = "--postgres-user", defaultValue = "uptally", description = "PostgreSQL user (default ${DEFAULT-VALUE})")
  String postgresUser;

  @Override
  public Integer call() throws Exception {
    if (days < 0 || days > 35) {
      System.err.println("uptally demo: --days must be 0..35 (the collector accepts samples up to 35 days old)");
      return 2;
    }
    resetDataDir();
    Map<String, String> env = new HashMap<>();
    env.put("UPTALLY_DEMO_PORT", Integer.toString(port));
    env.put("UPTALLY_DEMO_INTERVAL", Integer.toString(intervalSeconds));
    env.put("UPTALLY_API_TOKEN", randomToken());
    env.put("ACME_PORTAL_TOKEN", randomToken());
    env.put("UPTALLY_ADMIN_TOKEN", randomToken());
    Map<String, String> enroll = new LinkedHashMap<>();
    for (String client : FleetProfile.DEMO_CLIENTS) {
      String t = randomToken();
      enroll.put(client, t);
      env.put(client.toUpperCase(java.util.Locale.ROOT) + "_ENROLL_TOKEN", t);
    }
    Path configFile = data.resolve("collector.yaml");
    copyResource("/demo/collector.yaml", configFile);
    // the port and interval are written in, so that the file describes this demo to other commands (report);
    // the secrets stay ${...} references, set only in this process
    String yaml = Files.readString(configFile)
        .replace("${UPTALLY_DEMO_PORT}", Integer.toString(port))
        .replace("${UPTALLY_DEMO_INTERVAL}", Integer.toString(intervalSeconds))
        .replace("    # - {name: acme-portal", "    - {name: acme-portal")
        .replace("    # - {name: admin", "    - {name: admin");
    if (postgresUrl != null) {
      yaml = yaml.replaceFirst("(?m)^  sqlite: \\{path: uptally\\.db\\}.*$", java.util.regex.Matcher.quoteReplacement(
          "  postgres: {url: \"" + postgresUrl + "\", user: " + postgresUser
              + ", password: \"${UPTALLY_DEMO_PG_PASSWORD}\"}"));
      env.put("UPTALLY_DEMO_PG_PASSWORD", System.getenv().getOrDefault("UPTALLY_DEMO_PG_PASSWORD", ""));
    }
    Files.writeString(configFile, yaml);
    CollectorConfig config;
    try {
      config = CollectorConfigLoader.load(configFile, env);
    } catch (dev.uptally.config.ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }

    CollectorApp app = new CollectorApp(config, Clock.systemUTC());
    if (postgresUrl != null && !app.store().loadDevices().isEmpty()) {
      app.close();
      System.err.println("uptally demo: " + postgresUrl + " already holds devices; give the demo an empty database");
      return 2;
    }
    InetSocketAddress at = app.start();
    String url = "http://127.0.0.1:" + at.getPort() + "/";
    Agent agent = localAgent(url, enroll.get("acme"));
    // the simulated operator retires broken-down and decommissioned machines with the demo's operator token
    Simulator sim = new Simulator(URI.create(url), FleetProfile.demo(seed, enroll), Clock.systemUTC(),
        SimulatorOptions.defaults(System.out), LifecycleOptions.demo(env.get("UPTALLY_API_TOKEN")));
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("\nuptally demo: stopping …");
      sim.close();
      try {
        agent.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      app.close();
      done.countDown();
    }, "uptally-demo-stop"));
    agent.start();
    CollectorCommand.RUNNING.set(true);

    System.out.println();
    System.out.println("  Uptally demo");
    System.out.println("  Dashboard:  " + url);
    System.out.println("  API token:  " + env.get("UPTALLY_API_TOKEN") + "   (role operator; paste it to sign in)");
    System.out.println("  Try:        curl -s -H 'Authorization: Bearer " + env.get("UPTALLY_API_TOKEN") + "' "
        + url + "api/v1/devices?state=down");
    System.out.println("  Portal:     " + url + "portal/   (acme's viewer token: " + env.get("ACME_PORTAL_TOKEN")
        + "; the operator token picks a client)");
    System.out.println("  Status:     " + url + "status/acme-status   (public, no token; .json for JSON)");
    System.out.println("  Audit log:  curl -s -H 'Authorization: Bearer " + env.get("UPTALLY_ADMIN_TOKEN") + "' "
        + url + "api/v1/audit   (admin token: operator actions and refused tokens)");
    System.out.println("  Config:     " + configFile.toAbsolutePath() + "   Ctrl-C stops the demo.");
    System.out.println("  Report:     UPTALLY_API_TOKEN=" + env.get("UPTALLY_API_TOKEN") + " ./uptally report --client acme"
        + " --month " + java.time.YearMonth.now(java.time.ZoneId.of("America/New_York")).minusMonths(1)
        + " --format html --out acme.html --config " + configFile);
    System.out.println("  This machine's agent is device " + agent.deviceId() + " (client acme, class "
        + agent.deviceClass().wireName() + ").");
    System.out.println();

    Instant now = Instant.now();
    System.out.println("uptally demo: sending " + days + (days == 1 ? " day" : " days") + " of history for "
        + sim.profile().deviceCount()
        + " devices …");
    BackfillResult history = sim.backfill(now.minus(Duration.ofDays(days)), now);
    System.out.println("uptally demo: history loaded — " + history);
    sim.startLive();
    System.out.println("uptally demo: fleet is live (" + intervalSeconds + " s heartbeats). Ctrl-C stops the demo.");
    done.await();
    return 0;
  }

  /**
   * The real agent, on this machine's hardware (OSHI), enrolled in client acme; its stop is reported as the agent's
   * own (the machine keeps running when the demo ends).
   */
  private Agent localAgent(String url, String enrollmentToken) throws IOException {
    Path dir = data.resolve("agent");
    Files.createDirectories(dir);
    Path file = Files.writeString(dir.resolve("agent.yaml"), String.join("\n",
        "# written by ./uptally demo",
        "collector: {url: \"" + url + "\"}",
        "enrollmentToken: \"${DEMO_ENROLL_TOKEN}\"",
        "deviceClass: auto",
        "stateDir: state",
        "spool: {maxBytes: 16MiB, maxAge: 35d}",
        "tags: {site: demo}", ""));
    AgentConfig config = AgentConfigLoader.load(file, Map.of("DEMO_ENROLL_TOKEN", enrollmentToken));
    return Agent.create(config, OshiHardwareReader.forThisMachine(), SystemStateProbe.AGENT_ONLY, AgentClock.system());
  }

  private void resetDataDir() throws IOException {
    if (Files.exists(data)) {
      if (!Files.exists(data.resolve("collector.yaml"))) {
        throw new IllegalStateException(data + " exists and is not a demo directory; choose another with --data");
      }
      try (Stream<Path> files = Files.walk(data)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(data);
  }

  private static void copyResource(String resource, Path to) {
    try (InputStream in = DemoCommand.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource + " in the uptally jar");
      }
      Files.copy(in, to);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + to, e);
    }
  }

  private static String randomToken() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
