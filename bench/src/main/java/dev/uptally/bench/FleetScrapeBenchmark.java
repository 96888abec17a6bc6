package dev.uptally.bench;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.fleet.FleetListener;
import dev.uptally.collector.fleet.StoredDevice;
import dev.uptally.collector.fleet.Tokens;
import dev.uptally.collector.metrics.FleetSnapshotMetrics;
import dev.uptally.collector.metrics.MetricsEndpoint;
import dev.uptally.collector.sla.ContractBook;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.protocol.Health;
import dev.uptally.config.CollectorConfigLoader;
import dev.uptally.config.collector.CollectorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The collector's real {@code /metrics} path for a fleet of N devices: live state per device (with the contract's
 * maintenance windows) from the fleet's snapshots, then Prometheus text exposition. Issue 5's target: 100k devices
 * in under 1 s on 2 cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class FleetScrapeBenchmark {

  @Param({"10000", "100000"})
  int devices;

  private Fleet fleet;
  private MetricsEndpoint endpoint;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path dir = Files.createTempDirectory("uptally-bench");
    Path file = dir.resolve("collector.yaml");
    try (InputStream in = FleetScrapeBenchmark.class.getResourceAsStream("/demo/collector.yaml")) {
      Files.copy(in, file);
    }
    CollectorConfig config = CollectorConfigLoader.load(file, Map.of("UPTALLY_DEMO_PORT", "8420",
        "UPTALLY_DEMO_INTERVAL", "30", "UPTALLY_API_TOKEN", "bench-api-token-0123456789",
        "ACME_ENROLL_TOKEN", "bench-acme-token-0123456789", "GLOBEX_ENROLL_TOKEN", "bench-globex-token-0123456789",
        "INITECH_ENROLL_TOKEN", "bench-initech-token-0123456789"));
    Clock clock = Clock.systemUTC();
    fleet = new Fleet(new Fleet.Settings(2, config.heartbeat().graceMillis()), u -> CompletableFuture.completedFuture(null),
        (id, req) -> CompletableFuture.completedFuture(null), clock, FleetListener.NONE, new ContractBook(config));
    long now = clock.millis();
    String[] clients = {"acme", "globex", "initech"};
    DeviceClass[] classes = DeviceClass.values();
    Health health = new Health(new Health.Cpu(0.3, 0.7, 55.0), new Health.Memory(16L << 30, 8L << 30, 0L, 0L),
        List.of(new Health.Disk("/", 500L << 30, 100L << 30)), null, List.of(), false);
    List<StoredDevice> stored = new ArrayList<>(devices);
    for (int i = 0; i < devices; i++) {
      DeviceIdentity id = new DeviceIdentity(String.format("3f2c0000-0000-4000-8000-%012d", i), clients[i % 3],
          "host-" + i, classes[i % 3], i % 2 == 0 ? null : "Europe/Berlin", "1.0.0",
          Tokens.hex(Tokens.sha256("token-" + i)), now - 86_400_000L, Map.of());
      long last = i % 50 == 0 ? now - 3_600_000 : now - (i % 30) * 1000L;
      DeviceProgress p = new DeviceProgress(10_000 + i, now - 30 * 86_400_000L, last, now - 7 * 86_400_000L, null, i % 7,
          new DeviceProgress.Totals(60_000L * (i % 5), 3_600_000L * (i % 3), 0, 0, i % 4));
      stored.add(new StoredDevice(id, p, health, null, last));
    }
    fleet.start(stored);
    endpoint = new MetricsEndpoint();
    endpoint.registerFleet(new FleetSnapshotMetrics(fleet, clock));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    endpoint.close();
    fleet.close();
  }

  @Benchmark
  public int scrapeFleet() {
    return endpoint.scrape(null).body().length;
  }

  @Benchmark
  public int scrapeFleetOpenMetrics() {
    return endpoint.scrape("application/openmetrics-text; version=1.0.0").body().length;
  }

  /** What {@code /metrics} does for {@code Accept-Encoding: gzip}: the endpoint compresses as it answers. */
  @Benchmark
  public int scrapeFleetGzip() {
    return endpoint.scrape(null, true).body().length;
  }
}
