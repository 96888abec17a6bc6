package dev.uptally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.cli.sim.ClientFleet;
import dev.uptally.cli.sim.FleetProfile;
import dev.uptally.cli.sim.Simulator;
import dev.uptally.cli.sim.SimulatorOptions;
import dev.uptally.cli.sim.TruthInterval;
import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.sla.SlaCalculator;
import dev.uptally.collector.testing.PostgresServer;
import dev.uptally.collector.testing.RequiresPostgres;
import dev.uptally.config.CollectorConfigLoader;
import dev.uptally.config.collector.ClientConfig;
import dev.uptally.config.collector.CollectorConfig;
import dev.uptally.config.collector.StorageConfig;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collectors sharded by client, as {@code deploy/sharded} runs them: shard A serves acme on PostgreSQL, shard B
 * serves globex on SQLite. The fleet simulator sends each client's devices to its own shard; every device's timeline
 * on its shard matches what the simulated device did, and a shard knows nothing of the other's clients (their
 * enrollment tokens are refused, their devices are unknown ids).
 */
@RequiresPostgres
class ShardedFleetTruthTest {

  private static final String API = "shard-api-token-0123456789";
  private static final Map<String, String> TOKENS = Map.of("acme", "shard-acme-token-0123456789", "globex",
      "shard-globex-token-0123456789", "initech", "shard-initech-token-0123456789");

  @TempDir
  Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private CollectorConfig shard(Set<String> clients, StorageConfig storage) throws Exception {
    Path file = dir.resolve("collector.yaml");
    if (!Files.exists(file)) {
      try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/collector.yaml")) {
        Files.copy(in, file);
      }
    }
    CollectorConfig c = CollectorConfigLoader.load(file, Map.of("UPTALLY_DEMO_PORT", "0",
        "UPTALLY_DEMO_INTERVAL", "60", "UPTALLY_API_TOKEN", API, "ACME_ENROLL_TOKEN", TOKENS.get("acme"),
        "GLOBEX_ENROLL_TOKEN", TOKENS.get("globex"), "INITECH_ENROLL_TOKEN", TOKENS.get("initech")));
    List<ClientConfig> mine = c.clients().stream().filter(k -> clients.contains(k.id())).toList();
    return new CollectorConfig(c.server(), storage, c.api(), c.heartbeat(), c.calendars(), c.contracts(), mine,
        c.notifications());
  }

  @Test
  void eachShardMatchesTheTruthOfItsOwnClientsDevicesAndKnowsNoOthers() throws Exception {
    PostgresServer pg = PostgresServer.get().orElseThrow();
    StorageConfig onPostgres = new StorageConfig.Postgres(pg.jdbcUrl(pg.createDatabase()), pg.user(), pg.password(),
        4, false);
    StorageConfig onSqlite = new StorageConfig.Sqlite(dir.resolve("shard-b/uptally.db"));
    try (CollectorApp a = new CollectorApp(shard(Set.of("acme"), onPostgres), Clock.systemUTC());
        CollectorApp b = new CollectorApp(shard(Set.of("globex"), onSqlite), Clock.systemUTC())) {
      URI urlA = URI.create("http://127.0.0.1:" + a.start().getPort() + "/");
      URI urlB = URI.create("http://127.0.0.1:" + b.start().getPort() + "/");
      Instant now = Instant.now();
      Instant from = now.minus(Duration.ofDays(3));
      int checked = 0;
      try (Simulator simA = simulator(urlA, new ClientFleet("acme", TOKENS.get("acme"),
              ZoneId.of("America/New_York"), 5, 25, 25), 11);
          Simulator simB = simulator(urlB, new ClientFleet("globex", TOKENS.get("globex"),
              ZoneId.of("Europe/Berlin"), 4, 20, 20), 13)) {
        assertThat(simA.backfill(from, now).failures()).isEmpty();
        assertThat(simB.backfill(from, now).failures()).isEmpty();
        checked += check(a, simA, from, now);
        checked += check(b, simB, from, now);

        assertThat(a.fleet().snapshots()).allSatisfy(d -> assertThat(d.identity().clientId()).isEqualTo("acme"));
        assertThat(b.fleet().snapshots()).allSatisfy(d -> assertThat(d.identity().clientId()).isEqualTo("globex"));
        String globexDevice = simB.devices().get(0).deviceId();
        assertThat(status(urlA, "api/v1/devices/" + globexDevice + "/sla")).as("another shard's device").isEqualTo(404);
        assertThat(status(urlB, "api/v1/devices/" + globexDevice + "/sla")).isEqualTo(200);
        assertThat(enrollStatus(urlA, TOKENS.get("globex"))).as("another shard's client").isEqualTo(401);
      }
      assertThat(checked).as("outages of every kind on both shards").isGreaterThan(15);
    }
  }

  private static Simulator simulator(URI url, ClientFleet client, long seed) {
    return new Simulator(url, new FleetProfile(seed, List.of(client)), Clock.systemUTC(),
        SimulatorOptions.defaults(SimulatorOptions.QUIET));
  }

  private static int check(CollectorApp app, Simulator sim, Instant from, Instant now) {
    Instant end = Instant.now();
    int matched = 0;
    for (var device : sim.devices()) {
      List<TruthInterval> truth = sim.truth(device.deviceId(), now);
      List<SlaCalculator.Entry> seen = SimulatedFleetTruthTest.timeline(app, device.deviceId(), from.toEpochMilli(),
          end.toEpochMilli());
      long lastHeard = app.fleet().snapshot(device.deviceId()).orElseThrow().progress().lastSampleMillis()
          - device.clockSkewMillis();
      matched += SimulatedFleetTruthTest.compare(device.deviceId(), truth, seen, now.toEpochMilli(), lastHeard,
          end.toEpochMilli());
    }
    return matched;
  }

  private int status(URI base, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + API).GET()
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private int enrollStatus(URI base, String enrollToken) throws Exception {
    String body = "{\"deviceId\":\"stray-1\",\"hostname\":\"stray-1\",\"deviceClass\":\"server\","
        + "\"timezone\":\"UTC\",\"agentVersion\":\"1.0\",\"tags\":{}}";
    return http.send(HttpRequest.newBuilder(base.resolve("v1/enroll")).header("Authorization", "Bearer "
        + enrollToken).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
