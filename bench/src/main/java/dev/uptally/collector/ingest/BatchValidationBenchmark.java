package dev.uptally.collector.ingest;

import dev.uptally.bench.BenchSamples;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Checking a 1000-sample replay field by field ({@link BatchValidator#prepare}), the step between decoding and the
 * shard. In the collector's package because the validator is internal to it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BatchValidationBenchmark {

  private static final long T0 = 1_764_000_000_000L;

  /** One sample in this many carries health (the agent sends it every sample, the demo's replays every tenth). */
  @Param({"1", "10"})
  public int healthEvery;

  private final BatchValidator validator = new BatchValidator(1000, 90_000, 7L * 86_400_000);
  private HeartbeatBatch replay;
  private long received;

  @Setup
  public void setUp() {
    Health health = BenchSamples.laptopHealth();
    List<Sample> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(Sample.heartbeat(i, T0 + i * 30_000L, T0 - 3_600_000, i % healthEvery == 0 ? health : null));
    }
    received = T0 + 1000 * 30_000L;
    replay = new HeartbeatBatch("3f2c0000-0000-4000-8000-000000000001", received, many);
  }

  @Benchmark
  public BatchValidator.Prepared prepareThousandSampleReplay() {
    return validator.prepare(replay, received, BatchValidator.Last.NONE);
  }
}
