package dev.uptally.bench;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceStore;
import dev.uptally.collector.fleet.DeviceUpdate;
import dev.uptally.collector.fleet.Tokens;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.store.sqlite.SqliteStorage;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.protocol.Health;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * One group commit of live heartbeats on the real SQLite store (WAL, {@code synchronous=FULL}, in a temp directory on
 * the machine's disk): the work of the collector's single writer thread per group, fsync included. The ingest
 * ceiling's serial stage; its time per update bounds what any number of connections can get acknowledged.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GroupCommitBenchmark {

  private static final long T0 = 1_764_000_000_000L;
  private static final int DEVICES = 4000;

  /** Updates per commit: 16 is what 64 connections gave in the ingest ceiling run. */
  @Param({"1", "16", "64"})
  public int group;

  private final String[] ids = new String[DEVICES];
  private Path dir;
  private JdbcStorage storage;
  private DeviceStore store;
  private Health health;
  private long seq = 1000;
  private int next;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "uptally-commit-bench");
    storage = SqliteStorage.openExclusive(dir.resolve("uptally.db"), Clock.systemUTC());
    store = storage.devices();
    health = new Health(new Health.Cpu(0.31, 0.8, 55.0),
        new Health.Memory(17_179_869_184L, 8_589_934_592L, 2_147_483_648L, 0L),
        List.of(new Health.Disk("/", 512_110_190_592L, 201_326_592_000L)), null, List.of(2100), false);
    for (int i = 0; i < DEVICES; i++) {
      ids[i] = id(i);
      store.saveIdentity(new DeviceIdentity(id(i), "bench", "ws-" + i, DeviceClass.WORKSTATION, null, "1.0",
          Tokens.hex(Tokens.sha256("token-" + i)), T0 - 86_400_000L, Map.of()));
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    storage.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String id(int i) {
    return String.format("3f2c0000-0000-4000-8000-%012d", i);
  }

  @Benchmark
  public int commitGroup() {
    List<DeviceUpdate> updates = new ArrayList<>(group);
    long s = seq++;
    long t = T0 + s * 30_000L;
    for (int k = 0; k < group; k++) {
      int i = next++ % DEVICES;
      DeviceProgress p = new DeviceProgress(s, T0 - 86_400_000L, t, T0 - 86_400_000L, null, false, 0,
          DeviceProgress.Totals.ZERO);
      updates.add(new DeviceUpdate(ids[i], p, health, null, List.of(), List.of(), t));
    }
    store.commit(updates);
    return updates.size();
  }
}
