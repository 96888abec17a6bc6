package dev.uptally.bench;

import dev.uptally.collector.limits.DeviceRateLimiter;
import dev.uptally.config.collector.RateLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the per-device rate limit adds to every heartbeat request: a fleet of devices each within its limit (their
 * buckets are found, refilled and taken from; the two threads start half a fleet apart, as two event loops serving
 * different devices), one device hammering past its limit (the 429 path), and the limit off. The benchmark sends each
 * device far more than an agent would, so the fleet case runs with a limit it stays under (1000 a second); the cost
 * of a bucket does not depend on the rate it is set to. Two threads, as the collector's event loops here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class RateLimiterBenchmark {

  @Param({"100000"})
  public int devices;

  private String[] ids;
  private DeviceRateLimiter withinLimits;
  private DeviceRateLimiter limited;
  private DeviceRateLimiter off;

  @State(Scope.Thread)
  public static class Cursor {
    private static final java.util.concurrent.atomic.AtomicInteger THREADS = new java.util.concurrent.atomic.AtomicInteger();
    int next;

    @Setup
    public void start(RateLimiterBenchmark b) {
      next = (THREADS.getAndIncrement() % 2) * (b.devices / 2);
    }
  }

  @Setup
  public void setUp() {
    ids = new String[devices];
    for (int i = 0; i < devices; i++) {
      ids[i] = "3f2c0000-0000-4000-8000-" + String.format("%012d", i);
    }
    withinLimits = new DeviceRateLimiter(new RateLimits(60_000, 1000, 30), Clock.systemUTC(), new SimpleMeterRegistry());
    limited = new DeviceRateLimiter(RateLimits.DEFAULTS, Clock.systemUTC(), new SimpleMeterRegistry());
    off = new DeviceRateLimiter(new RateLimits(0, 0, 30), Clock.systemUTC(), new SimpleMeterRegistry());
  }

  @Benchmark
  public long fleetOfDevices(Cursor c) {
    int i = c.next++;
    if (c.next == devices) {
      c.next = 0;
    }
    return withinLimits.acquire(ids[i]);
  }

  /**
   * The same fleet, sampled request by request over 30 s, so that the slowest requests show: the ones that
   * also sweep the table of buckets (every 10 s), the pause a connection on that event loop waits out.
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Measurement(iterations = 3, time = 10)
  public long fleetOfDevicesSlowest(Cursor c) {
    return fleetOfDevices(c);
  }

  @Benchmark
  public long oneDeviceOverItsLimit() {
    return limited.acquire(ids[0]);
  }

  @Benchmark
  public long limitOff(Cursor c) {
    int i = c.next++;
    if (c.next == devices) {
      c.next = 0;
    }
    return off.acquire(ids[i]);
  }
}
