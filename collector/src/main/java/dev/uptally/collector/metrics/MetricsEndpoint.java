package dev.uptally.collector.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The collector's metrics: one Prometheus client {@link PrometheusRegistry} with a Micrometer
 * {@link PrometheusMeterRegistry} on top of it (so Micrometer meters and native collectors share one
 * scrape), JVM metrics, the ingest self-metrics and, once registered, the fleet's per-device metrics.
 * {@link #scrape(String)} writes Prometheus text 0.0.4, or OpenMetrics when the Accept header asks for
 * it. Thread-safe; a scrape may be slow with a large fleet, so call it off the event loop.
 */
public final class MetricsEndpoint implements AutoCloseable {

  private final PrometheusRegistry prometheusRegistry = new PrometheusRegistry();
  private final PrometheusMeterRegistry meterRegistry = new PrometheusMeterRegistry(
      PrometheusConfig.DEFAULT, prometheusRegistry, io.micrometer.core.instrument.Clock.SYSTEM);
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final IngestMetrics ingestMetrics;
  private final ExpositionFormats formats = ExpositionFormats.init();

  public MetricsEndpoint() {
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

  /** Adds the per-device metric families; call once. */
  public void registerFleet(FleetMetricsSource source) {
    prometheusRegistry.register(new FleetCollector(source));
  }

  /** @param acceptHeader the scraper's {@code Accept} header, may be null */
  public Scrape scrape(String acceptHeader) {
    ExpositionFormatWriter writer = acceptHeader != null
        && formats.getOpenMetricsTextFormatWriter().accepts(acceptHeader)
        ? formats.getOpenMetricsTextFormatWriter()
        : formats.getPrometheusTextFormatWriter();
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, prometheusRegistry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("writing the metrics scrape as " + writer.getContentType() + " failed", e);
    }
    return new Scrape(writer.getContentType(), out.toByteArray());
  }

  @Override
  public void close() {
    gcMetrics.close();
    meterRegistry.close();
  }
}
