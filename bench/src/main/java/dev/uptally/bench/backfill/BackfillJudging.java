package dev.uptally.bench.backfill;

import dev.uptally.bench.load.MachineInfo;
import dev.uptally.cli.sim.BackfillResult;
import dev.uptally.cli.sim.FleetProfile;
import dev.uptally.cli.sim.Simulator;
import dev.uptally.cli.sim.SimulatorOptions;
import dev.uptally.collector.CollectorApp;
import dev.uptally.config.CollectorConfigLoader;
import dev.uptally.config.collector.CollectorConfig;
import dev.uptally.config.collector.Contract;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's backfill (305 devices, the demo's contract, a month of history through the real wire protocol) timed with
 * the contract engine judging every patch window and month as the evidence arrives, or with a contract that asks for
 * no verdicts (no patch windows, no availability targets; every other rule as in the demo), so that the difference is
 * the cost of judging. Prints one line: samples, seconds until the last verdict is written, samples per second.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.uptally.bench.backfill.BackfillJudging judging|none [days] [seed]</pre>
 */
public final class BackfillJudging {

  private BackfillJudging() {}

  public static void main(String[] args) throws Exception {
    boolean judging = args.length == 0 || !args[0].equals("none");
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
    Path dir = Files.createTempDirectory("uptally-backfill-bench");
    Path yaml = dir.resolve("collector.yaml");
    try (InputStream in = BackfillJudging.class.getResourceAsStream("/demo/collector.yaml")) {
      Files.copy(in, yaml);
    }
    Map<String, String> env = new HashMap<>(Map.of("UPTALLY_DEMO_PORT", "0", "UPTALLY_DEMO_INTERVAL", "60",
        "UPTALLY_API_TOKEN", "bench-api-token-0123456789"));
    Map<String, String> enroll = new LinkedHashMap<>();
    for (String client : FleetProfile.DEMO_CLIENTS) {
      String token = "bench-" + client + "-enroll-0123456789";
      enroll.put(client, token);
      env.put(client.toUpperCase(Locale.ROOT) + "_ENROLL_TOKEN", token);
    }
    CollectorConfig config = CollectorConfigLoader.load(yaml, env);
    if (!judging) {
      config = withoutObligations(config);
    }
    Instant now = Instant.now();
    long started = System.nanoTime();
    BackfillResult result;
    long violations;
    try (CollectorApp app = new CollectorApp(config, Clock.systemUTC())) {
      URI url = URI.create("http://127.0.0.1:" + app.start().getPort() + "/");
      try (Simulator sim = new Simulator(url, FleetProfile.demo(seed, enroll), Clock.systemUTC(),
          SimulatorOptions.defaults(SimulatorOptions.QUIET))) {
        result = sim.backfill(now.minus(Duration.ofDays(days)), now);
      }
      app.contractEngine().awaitIdle(); // every verdict the backfill asked for is written
      violations = app.contractEngine().violations(null, null, Long.MIN_VALUE, Long.MAX_VALUE).size();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    try (var files = Files.walk(dir)) { // the collector's files: nothing is kept between runs
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    if (!result.failures().isEmpty()) {
      throw new IllegalStateException("backfill failed: " + result.failures());
    }
    System.out.printf(Locale.ROOT, "%s: %,d samples from %d devices, %d days, %,d violations, %.1f s, %,.0f samples/s; %s%n",
        judging ? "judging" : "no verdicts asked", result.samples(), result.devices(), days, violations, seconds,
        result.samples() / seconds, MachineInfo.current().describe());
  }

  private static CollectorConfig withoutObligations(CollectorConfig c) {
    Map<String, Contract> contracts = new HashMap<>();
    c.contracts().forEach((name, k) -> contracts.put(name, new Contract(k.name(), k.monthlyFee(), Map.of(), List.of(),
        k.maintenance(), k.priorities(), k.escalateAt(), k.rules(), k.credits())));
    return new CollectorConfig(c.server(), c.storage(), c.api(), c.heartbeat(), c.calendars(), contracts, c.clients(),
        c.notifications());
  }
}
