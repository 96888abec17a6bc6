package dev.uptally.bench.load;

import dev.uptally.cli.sim.CollectorClient;
import dev.uptally.cli.sim.RetryPolicy;
import dev.uptally.cli.sim.Sleeper;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.Sample;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Load generator for the collector's heartbeat path: N enrolled devices, each sending a batch every S seconds
 * (live protocol: fresh samples, {@code sentAt} now), requests spread evenly over the interval. Latency is measured
 * from when each request was due, into an HdrHistogram. With {@code --batch N > 1} each request carries the next N
 * samples of a backfill (consecutive seqs, 1 s apart, in the past, reaching now by the end of the run). Loopback only.
 *
 * <pre>{@code java -cp … dev.uptally.bench.load.LoadGenerator --url http://127.0.0.1:8420 --token $ACME_ENROLL_TOKEN \
 *     --devices 5000 --interval-seconds 30 --duration-seconds 120 --batch 1 --out bench/results/ingest-load.md}</pre>
 */
public final class LoadGenerator {

  private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(2);
  /** Time between consecutive samples of a multi-sample batch: the agent's sampling at its fastest, 1 s. */
  static final long SAMPLE_SPACING_MILLIS = 1000;

  private final LoadOptions options;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final Histogram latency = new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
  private final LongAdder ok = new LongAdder();
  private final LongAdder busySkips = new LongAdder();
  private final Map<Integer, LongAdder> errors = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  LoadGenerator(LoadOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
      options.requireLoopback();
    } catch (IllegalArgumentException e) {
      System.err.println("load generator: " + e.getMessage());
      System.exit(2);
      return;
    }
    LoadReport report = new LoadGenerator(options, System.out).run();
    report.print(System.out);
    if (options.out() != null) {
      report.appendTo(options.out());
      System.out.println("appended to " + options.out());
    }
  }

  LoadReport run() throws InterruptedException, IOException {
    List<Device> devices = enrollAll();
    long intervalNanos = TimeUnit.SECONDS.toNanos(options.intervalSeconds());
    ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
    Instant started = Instant.now();
    long startNanos = System.nanoTime();
    for (int i = 0; i < devices.size(); i++) {
      Device d = devices.get(i);
      long phase = intervalNanos * i / devices.size();
      ticks.scheduleAtFixedRate(() -> d.tick(startNanos + phase + intervalNanos * d.ticks.getAndIncrement()),
          phase, intervalNanos, TimeUnit.NANOSECONDS);
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.durationSeconds()));
    ticks.shutdownNow();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
      Thread.sleep(10);
    }
    Map<Integer, Long> byStatus = new TreeMap<>();
    errors.forEach((k, v) -> byStatus.put(k, v.sum()));
    return new LoadReport(options, MachineInfo.current(), started, elapsed, ok.sum(), byStatus, busySkips.sum(),
        latency.copy());
  }

  /** Enrolls every device, 8 at a time. */
  private List<Device> enrollAll() throws InterruptedException {
    CollectorClient client = new CollectorClient(options.url(), RetryPolicy.DEFAULT, Sleeper.REAL);
    String run = UUID.randomUUID().toString().substring(0, 8);
    long t0 = System.nanoTime();
    List<Callable<Device>> enrollments = new ArrayList<>(options.devices());
    for (int i = 0; i < options.devices(); i++) {
      String id = "load-" + run + "-" + i;
      EnrollRequest req = new EnrollRequest(id, "load-" + i, "workstation", "UTC", "1.0.0-load",
          new Inventory(new Inventory.Os("Linux", "6.1", null), new Inventory.Hardware("Uptally", "Load", id, id),
              null, 8L << 30, null, null), Map.of("load", run));
      enrollments.add(() -> new Device(id, client.enroll(options.token(), req).deviceToken()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Device> devices = new ArrayList<>(options.devices());
    try {
      for (Future<Device> f : pool.invokeAll(enrollments)) {
        devices.add(f.get());
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("enrollment failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    out.printf("enrolled %d devices in %.1f s; sending for %d s%n", devices.size(),
        (System.nanoTime() - t0) / 1e9, options.durationSeconds());
    return devices;
  }

  /**
   * How far back a device's first sample lies when each request carries {@code batch} samples: the samples of every
   * batch the run can send (one per interval, plus the first at phase 0), {@link #SAMPLE_SPACING_MILLIS} apart, so a
   * run replays consecutive seqs with times that only move forward and end near now, as an agent's spool replay
   * does. Zero for single-sample batches, whose one sample is taken now.
   */
  static long backfillSpanMillis(LoadOptions options) {
    if (options.batch() == 1) {
      return 0;
    }
    long batches = options.durationSeconds() / options.intervalSeconds() + 1;
    return batches * options.batch() * SAMPLE_SPACING_MILLIS;
  }

  private static Health health(long seq) {
    double usage = 0.1 + (seq % 7) / 20.0;
    return new Health(new Health.Cpu(usage, usage * 4, 45.0 + usage * 20),
        new Health.Memory(8L << 30, 3L << 30, 2L << 30, 0L),
        List.of(new Health.Disk("/", 512_000_000_000L, 200_000_000_000L)), null, List.of(1800), false);
  }

  /** One virtual device: at most one request in flight; ticks that find it waiting are counted, not queued. */
  private final class Device {
    final String id;
    final String token;
    final AtomicLong ticks = new AtomicLong();
    final long bootMillis;
    /** Batches of more than one sample replay a spool: each continues where the last ended, reaching now at the end. */
    final long backfillStartMillis;
    volatile boolean busy;
    long nextSeq = 1;

    Device(String id, String token) {
      this.id = id;
      this.token = token;
      long now = System.currentTimeMillis();
      this.backfillStartMillis = now - backfillSpanMillis(options);
      this.bootMillis = Math.min(now - 3_600_000, backfillStartMillis);
    }

    void tick(long dueNanos) {
      if (busy) {
        busySkips.increment();
        return;
      }
      busy = true;
      long now = System.currentTimeMillis();
      List<Sample> samples = new ArrayList<>(options.batch());
      for (int i = 0; i < options.batch(); i++) {
        long seq = nextSeq++;
        long time = options.batch() == 1 ? now : Math.min(now, backfillStartMillis + (seq - 1) * SAMPLE_SPACING_MILLIS);
        samples.add(seq == 1 ? Sample.startup(seq, time, bootMillis, health(seq), null)
            : Sample.heartbeat(seq, time, bootMillis, health(seq)));
      }
      byte[] body = Json.mapper().writeValueAsBytes(new HeartbeatBatch(id, now, samples));
      HttpRequest req = HttpRequest.newBuilder(URI.create(options.url().toString().replaceAll("/+$", "")
              + "/v1/heartbeats")).timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
      inFlight.incrementAndGet();
      http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((resp, failure) -> {
        long micros = Math.max(0, (System.nanoTime() - dueNanos) / 1000);
        latency.recordValue(Math.min(micros, MAX_LATENCY_MICROS));
        int status = failure != null ? 0 : resp.statusCode();
        if (status == 200) {
          ok.increment();
        } else {
          errors.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
        busy = false;
        inFlight.decrementAndGet();
      });
    }
  }
}
