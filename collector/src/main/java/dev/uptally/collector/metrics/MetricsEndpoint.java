package dev.uptally.collector.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The collector's metrics: one Prometheus client {@link PrometheusRegistry} with a Micrometer
 * {@link PrometheusMeterRegistry} on top of it (so Micrometer meters and native collectors share one
 * scrape), JVM metrics, the ingest self-metrics and, once registered, the fleet's per-device metrics.
 * {@link #scrape(String)} writes Prometheus text 0.0.4, or OpenMetrics when the Accept header asks for
 * it. The per-device families are written straight from the fleet's snapshot by {@link FleetExposition}; everything
 * else goes through the client library. Thread-safe; a scrape of a large fleet takes a few hundred milliseconds,
 * so call it off the event loop.
 */
public final class MetricsEndpoint implements AutoCloseable {

  private final PrometheusRegistry prometheusRegistry = new PrometheusRegistry();
  private final PrometheusMeterRegistry meterRegistry = new PrometheusMeterRegistry(
      PrometheusConfig.DEFAULT, prometheusRegistry, io.micrometer.core.instrument.Clock.SYSTEM);
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final IngestMetrics ingestMetrics;
  private final ExpositionFormats formats = ExpositionFormats.init();
  private volatile FleetExposition fleet;
  /**
   * The last scrape's buffer, reused by the next: at 100k devices a scrape is a quarter of a gigabyte, and
   * allocating that afresh each time (a humongous object for G1) cost as much as writing it. A concurrent scrape
   * finds it taken and allocates its own.
   */
  private final AtomicReference<ExpositionBuffer> spare = new AtomicReference<>();

  public MetricsEndpoint() {
    // Two of Micrometer's processor meters break Prometheus's naming rules (promtool check metrics): a gauge named
    // system_cpu_count and a counter in nanoseconds, process_cpu_time_ns_total. The first is renamed; the second is
    // replaced by the conventional process_cpu_seconds_total.
    meterRegistry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
    meterRegistry.config().meterFilter(new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.available") : id;
      }
    });
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
          .description("CPU time used by the collector's process").register(meterRegistry);
    }
    new JvmMemoryMetrics().bindTo(meterRegistry);
    gcMetrics.bindTo(meterRegistry);
    new JvmThreadMetrics().bindTo(meterRegistry);
    new ClassLoaderMetrics().bindTo(meterRegistry);
    new ProcessorMetrics().bindTo(meterRegistry);
    ingestMetrics = new IngestMetrics(meterRegistry);
  }

  public PrometheusRegistry prometheusRegistry() {
    return prometheusRegistry;
  }

  public PrometheusMeterRegistry meterRegistry() {
    return meterRegistry;
  }

  public IngestMetrics ingestMetrics() {
    return ingestMetrics;
  }

  /**
   * Adds the per-device metric families; call once.
   *
   * @throws IllegalArgumentException when they are registered already or a name clashes with a registered metric
   */
  public void registerFleet(FleetMetricsSource source) {
    prometheusRegistry.register(FleetExposition.nameReservation());
    fleet = new FleetExposition(source);
  }

  /**
   * Adds metric families collected by another part of the collector (for example {@code
   * uptally_patch_window_missed_total{client}} from the patch-window verdicts). The collector is called on the scrape
   * thread: it must return a prepared snapshot quickly and never wait for ingest or storage.
   *
   * @throws IllegalArgumentException when one of its names clashes with a registered metric
   */
  public void register(MultiCollector collector) {
    prometheusRegistry.register(collector);
  }

  /** @param acceptHeader the scraper's {@code Accept} header, may be null */
  public Scrape scrape(String acceptHeader) {
    return scrape(acceptHeader, false);
  }

  /**
   * @param acceptHeader the scraper's {@code Accept} header, may be null
   * @param gzip compress the body: with the fastest deflate level, because a default-level gzip of a 100k-device
   *     scrape (a quarter of a gigabyte of very repetitive text) takes four times as long for a 20 % smaller body
   */
  public Scrape scrape(String acceptHeader, boolean gzip) {
    ExpositionFormatWriter writer = acceptHeader != null
        && formats.getOpenMetricsTextFormatWriter().accepts(acceptHeader)
        ? formats.getOpenMetricsTextFormatWriter()
        : formats.getPrometheusTextFormatWriter();
    ExpositionBuffer out = spare.getAndSet(null);
    if (out == null) {
      out = new ExpositionBuffer(16 * 1024);
    }
    out.reset();
    FleetExposition devices = fleet;
    if (devices != null) {
      devices.write(out, writer == formats.getOpenMetricsTextFormatWriter());
    }
    try {
      // last: the OpenMetrics writer ends the body with "# EOF"
      writer.write(out, prometheusRegistry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("writing the metrics scrape as " + writer.getContentType() + " failed", e);
    }
    Scrape scrape = gzip ? new Scrape(writer.getContentType(), gzip(out), "gzip")
        : new Scrape(writer.getContentType(), out.toByteArray());
    spare.set(out);
    return scrape;
  }

  /**
   * At the fastest deflate level, in segments of at least 4 MiB deflated at once on the calling thread and the common
   * pool (one per core): a 100k-device scrape is a quarter of a gigabyte, which one core deflates in about 0.6 s.
   */
  private static byte[] gzip(ExpositionBuffer body) {
    return body.gzip(Runtime.getRuntime().availableProcessors(), 4 << 20, ForkJoinPool.commonPool());
  }

  @Override
  public void close() {
    gcMetrics.close();
    meterRegistry.close();
  }
}
