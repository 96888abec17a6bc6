package dev.uptally.collector.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The collector's own ingest metrics, Prometheus names: {@code uptally_ingest_requests_total{endpoint,
 * status}}, {@code uptally_ingest_samples_total} (accepted samples), {@code
 * uptally_ingest_rejected_total{reason}}, {@code uptally_ingest_latency_seconds{endpoint}} (histogram,
 * 1 ms to 30 s). Meters are looked up once per label set and cached, so the hot path only increments.
 * Thread-safe.
 */
public final class IngestMetrics {

  /** Endpoint label values. */
  public static final String ENROLL = "enroll";
  public static final String HEARTBEATS = "heartbeats";

  private final MeterRegistry registry;
  private final Counter samples;
  private final Map<String, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
  private final Map<String, Timer> latencies = new ConcurrentHashMap<>();

  IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.samples = Counter.builder("uptally.ingest.samples")
        .description("Heartbeat samples accepted")
        .register(registry);
  }

  /** One ingest request answered by its endpoint, with the time from complete request to answer. */
  public void request(String endpoint, int status, Duration latency) {
    count(endpoint, status);
    latencies.computeIfAbsent(endpoint, e -> Timer.builder("uptally.ingest.latency")
        .description("Time from a complete ingest request to its answer")
        .tag("endpoint", e)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)).record(latency);
  }

  /** A request the HTTP layer refused before its endpoint saw it: counts the request and the reason. */
  public void refused(String endpoint, int status, String reason) {
    count(endpoint, status);
    rejected(reason);
  }

  /** @param reason e.g. {@code malformed}, {@code too_large}, or an {@code IngestException} reason */
  public void rejected(String reason) {
    String label = reason == null ? "unknown" : reason;
    rejections.computeIfAbsent(label, r -> Counter.builder("uptally.ingest.rejected")
        .description("Ingest requests refused, by reason")
        .tag("reason", r)
        .register(registry)).increment();
  }

  public void acceptedSamples(int count) {
    samples.increment(count);
  }

  private void count(String endpoint, int status) {
    requests.computeIfAbsent(endpoint + ' ' + status, key -> Counter.builder("uptally.ingest.requests")
        .description("Ingest requests answered, by endpoint and HTTP status")
        .tag("endpoint", endpoint)
        .tag("status", Integer.toString(status))
        .register(registry)).increment();
  }
}
