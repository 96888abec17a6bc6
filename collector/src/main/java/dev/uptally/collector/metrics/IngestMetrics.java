package dev.uptally.collector.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The collector's own ingest metrics, Prometheus names: {@code uptally_ingest_requests_total{endpoint,
 * status}}, {@code uptally_ingest_samples_total} (accepted samples), {@code
 * uptally_ingest_rejected_total{reason}}, {@code uptally_ingest_latency_seconds} (histogram). Thread-safe.
 */
public final class IngestMetrics {

  /** Endpoint label values. */
  public static final String ENROLL = "enroll";
  public static final String HEARTBEATS = "heartbeats";

  private final MeterRegistry registry;
  private final Counter samples;

  IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.samples = Counter.builder("uptally.ingest.samples")
        .description("Heartbeat samples accepted")
        .register(registry);
  }

  /** One answered ingest request. */
  public void request(String endpoint, int status, Duration latency) {
    Counter.builder("uptally.ingest.requests")
        .description("Ingest requests answered, by endpoint and HTTP status")
        .tag("endpoint", endpoint)
        .tag("status", Integer.toString(status))
        .register(registry)
        .increment();
    Timer.builder("uptally.ingest.latency")
        .description("Time from a complete ingest request to its answer")
        .tag("endpoint", endpoint)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)
        .record(latency);
  }

  /** A request refused before an endpoint answered it; counts the request and the reason. */
  public void refused(String endpoint, int status, String reason) {
    Counter.builder("uptally.ingest.requests")
        .description("Ingest requests answered, by endpoint and HTTP status")
        .tag("endpoint", endpoint)
        .tag("status", Integer.toString(status))
        .register(registry)
        .increment();
    rejected(reason);
  }

  /** @param reason e.g. {@code malformed}, {@code too_large}, or an {@code IngestException} reason */
  public void rejected(String reason) {
    Counter.builder("uptally.ingest.rejected")
        .description("Ingest requests refused, by reason")
        .tag("reason", reason == null ? "unknown" : reason)
        .register(registry)
        .increment();
  }

  public void acceptedSamples(int count) {
    samples.increment(count);
  }
}
