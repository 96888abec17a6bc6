package dev.uptally.bench;

import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceTimeline;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.common.json.Json;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The heartbeat hot path without network and storage: decoding a request body, and the timeline step per sample.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IngestPathBenchmark {

  private static final long T0 = 1_764_000_000_000L;
  private byte[] singleSampleBody;
  private byte[] thousandSampleBody;
  private final DeviceTimeline timeline = new DeviceTimeline(90_000);
  private final List<TimelineInterval> sinkList = new ArrayList<>();
  private DeviceProgress progress;
  private long seq;

  @Setup
  public void setUp() {
    Health health = BenchSamples.laptopHealth();
    singleSampleBody = Json.mapper().writeValueAsBytes(
        new HeartbeatBatch("3f2c0000-0000-4000-8000-000000000001", T0, List.of(Sample.heartbeat(812, T0, T0 - 3_600_000, health))));
    List<Sample> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(Sample.heartbeat(i, T0 + i * 30_000L, T0 - 3_600_000, i % 10 == 0 ? health : null));
    }
    thousandSampleBody = Json.mapper().writeValueAsBytes(new HeartbeatBatch("3f2c-1", T0, many));
    progress = timeline.apply(DeviceProgress.NONE, Sample.heartbeat(0, T0, T0 - 3_600_000, null), sinkList,
        DeviceTimeline.PlannedCheck.NEVER);
    seq = 1;
  }

  @Benchmark
  public HeartbeatBatch decodeOneSampleWithHealth() {
    return Json.mapper().readValue(singleSampleBody, HeartbeatBatch.class);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public HeartbeatBatch decodeThousandSampleReplay() {
    return Json.mapper().readValue(thousandSampleBody, HeartbeatBatch.class);
  }

  @Benchmark
  public DeviceProgress timelineStepPerSample() {
    long s = seq++;
    progress = timeline.apply(progress, Sample.heartbeat(s, T0 + s * 30_000L, T0 - 3_600_000, null), sinkList,
        DeviceTimeline.PlannedCheck.NEVER);
    return progress;
  }
}
