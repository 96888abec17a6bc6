package dev.uptally.cli.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Sends every device's history up to a true time, oldest first: {@code parallelism} devices at a time, each
 * device's batches strictly in order (the next only after the previous one's ack). Prints progress. One use.
 */
final class Backfill {

  private final List<VirtualDevice> devices;
  private final CollectorClient client;
  private final Clock clock;
  private final SimulatorOptions options;
  private final Succession succession;
  private final BooleanSupplier stopped;
  private final LongAdder samples = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final AtomicLong lastPrintNanos = new AtomicLong(System.nanoTime());
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private long startNanos;

  /**
   * @param succession retires machines whose service ended and starts their replacements; null without lifecycle
   * @param stopped polled between batches: once true, every device stops after its batch in flight
   */
  Backfill(List<VirtualDevice> devices, CollectorClient client, Clock clock, SimulatorOptions options,
      Succession succession, BooleanSupplier stopped) {
    this.devices = devices;
    this.client = client;
    this.clock = clock;
    this.options = options;
    this.succession = succession;
    this.stopped = stopped;
  }

  BackfillResult run(long toMillis) throws InterruptedException {
    startNanos = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), r -> {
      Thread t = new Thread(r, "sim-backfill");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>(devices.size());
      for (VirtualDevice d : devices) {
        futures.add(pool.submit(() -> {
          deviceHistory(d, toMillis);
          return null;
        }));
      }
      for (int i = 0; i < futures.size(); i++) {
        await(futures.get(i), devices.get(i));
      }
    } finally {
      pool.shutdownNow();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    BackfillResult result = new BackfillResult(devices.size(), samples.sum(), requests.sum(), elapsed, failures);
    options.progress().printf(Locale.ROOT, "backfill done: %,d samples in %,d requests from %d devices in %.1f s"
        + " (%,.0f samples/s)%s%n", result.samples(), result.requests(), result.devices(), elapsed.toMillis() / 1e3,
        result.samplesPerSecond(), failures.isEmpty() ? "" : ", " + failures.size() + " devices failed");
    result.failures().stream().limit(5).forEach(f -> options.progress().println("  failed: " + f));
    return result;
  }

  private void await(Future<?> f, VirtualDevice d) throws InterruptedException {
    try {
      f.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InterruptedException ie) {
        throw ie;
      }
      failures.add(d.behaviour().hostname() + " (" + d.behaviour().deviceId() + "): " + cause);
    }
  }

  /** The history of {@code seat}'s hostname: its own, then that of each machine that took over from it. */
  private void deviceHistory(VirtualDevice seat, long toMillis) throws InterruptedException {
    int max = options.maxBatchSamples();
    int stalls = 0;
    VirtualDevice d = seat;
    while (!stopped.getAsBoolean()) {
      d.generate(toMillis, max);
      if (d.spooled() == 0) {
        VirtualDevice next = succession == null ? d : succession.current(d, toMillis, options.historyHealthEvery());
        if (next == d) {
          return;
        }
        d = next;
        continue;
      }
      Long first = d.firstSpooledSeq();
      int acked = d.send(client, clock.millis(), max, true);
      requests.increment();
      samples.add(acked);
      if (acked == 0 && ++stalls >= 3) {
        throw new IllegalStateException(d.behaviour().hostname() + ": the collector acknowledged none of the "
            + "batch starting at seq " + first + " three times in a row");
      } else if (acked > 0) {
        stalls = 0;
      }
      maybePrint();
    }
  }

  private void maybePrint() {
    long now = System.nanoTime();
    long last = lastPrintNanos.get();
    if (now - last < options.progressEvery().toNanos() || !lastPrintNanos.compareAndSet(last, now)) {
      return;
    }
    double seconds = (now - startNanos) / 1e9;
    long n = samples.sum();
    options.progress().printf(Locale.ROOT, "backfill: %,d samples in %,d requests, %.0f s, %,.0f samples/s%n",
        n, requests.sum(), seconds, n / Math.max(seconds, 1e-3));
  }
}
