package dev.uptally.bench;

import dev.uptally.collector.limits.DeviceRateLimiter;
import dev.uptally.config.collector.RateLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
   * A table of 100k buckets that all refilled, and a sweep due: the one request that finds it so, timed alone. This
   * is the pause every other connection of that event loop waits out. (Sampling ordinary requests would almost never
   * catch it: it comes once in ten seconds.)
   */
  @State(Scope.Thread)
  public static class DueSweep {
    DeviceRateLimiter limiter;

    @Setup(Level.Iteration)
    public void fill(RateLimiterBenchmark b) {
      StepClock clock = new StepClock();
      limiter = new DeviceRateLimiter(RateLimits.DEFAULTS, clock, new SimpleMeterRegistry());
      for (String id : b.ids) {
        limiter.acquire(id);
      }
      clock.millis += 70_000; // every bucket refilled; the ten-second sweep is due
    }
  }

  /** A clock that moves only when told. */
  static final class StepClock extends Clock {
    long millis = 1_780_000_000_000L;

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 10)
  @Measurement(iterations = 20)
  @Threads(1)
  public long requestThatFindsASweepDue(DueSweep s) {
    return s.limiter.acquire("3f2c0000-0000-4000-8000-sweeper00000");
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
