package dev.uptally.bench;

import dev.uptally.collector.fleet.LiveState;
import dev.uptally.collector.metrics.DeviceMetrics;
import dev.uptally.collector.metrics.MetricsEndpoint;
import dev.uptally.common.device.OutageCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * One full {@code /metrics} scrape (Prometheus text) of a fleet of N devices, with the collector's self-metrics.
 * Target (issue 5): 100k devices in under 1 s on 2 cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class MetricsScrapeBenchmark {

  @Param({"10000", "100000"})
  int devices;

  private MetricsEndpoint endpoint;

  @Setup(Level.Trial)
  public void setUp() {
    List<DeviceMetrics> fleet = new ArrayList<>(devices);
    LiveState[] states = LiveState.values();
    for (int i = 0; i < devices; i++) {
      fleet.add(new DeviceMetrics("3f2c0000-0000-4000-8000-" + String.format("%012d", i), "client-" + (i % 50),
          "host-" + i, i % 3 == 0 ? "server" : i % 3 == 1 ? "workstation" : "laptop", states[i % states.length],
          1_764_000_000_000L + i, 1_763_000_000_000L + i, 2_000_000.5 + i,
          Map.of(OutageCause.CRASH, 120.0, OutageCause.SHUTDOWN, 3600.0, OutageCause.SILENT, 0.0), 7200.0, 60.0,
          i % 7, i % 11));
    }
    List<DeviceMetrics> snapshot = List.copyOf(fleet);
    endpoint = new MetricsEndpoint();
    endpoint.registerFleet(() -> snapshot);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    endpoint.close();
  }

  @Benchmark
  public int scrapePrometheusText() {
    return endpoint.scrape(null).body().length;
  }

  @Benchmark
  public int scrapeOpenMetrics() {
    return endpoint.scrape("application/openmetrics-text; version=1.0.0").body().length;
  }
}
