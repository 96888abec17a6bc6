package dev.uptally.collector;

import dev.uptally.collector.api.ApiViews;
import dev.uptally.collector.api.FleetQueries;
import dev.uptally.collector.http.CollectorServer;
import dev.uptally.collector.http.HttpException;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.ingest.IngestException;
import dev.uptally.collector.ingest.IngestService;
import dev.uptally.collector.metrics.MetricsEndpoint;
import dev.uptally.collector.store.LeaseHeldException;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.config.collector.CollectorConfig;
import io.micrometer.core.instrument.Gauge;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A collector waiting for the lease of its database ({@code storage.standby: true}) while another collector holds it.
 * It listens on the configured address and answers every ingest and API request with {@code 503} and a
 * {@code Retry-After} (agents with several {@code collector.urls} move on to the active one), {@code /readyz} with
 * 503 "standby", {@code /healthz} 200, and {@code /metrics} with {@code uptally_collector_standby 1}. It tries the
 * lease every {@code pollEvery}; once it has it, it stops listening and hands the storage, opened under the lease,
 * to a {@link CollectorApp} on the same address.
 */
public final class StandbyCollector implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(StandbyCollector.class.getName());
  private static final String MESSAGE = "this collector is a standby: another collector holds the database; retry,"
      + " or send to the active collector";

  private final CollectorConfig config;
  private final Clock clock;
  private final MetricsEndpoint metrics = new MetricsEndpoint();
  private final CollectorServer server;

  public StandbyCollector(CollectorConfig config, Clock clock, HttpTimeouts timeouts) {
    this.config = config;
    this.clock = clock;
    Gauge.builder("uptally.collector.standby", () -> 1).description("1 while this collector waits as a standby")
        .register(metrics.meterRegistry());
    this.server = CollectorServer.builder(config.server(), config.api(), new Refusing(), new Closed(), metrics, clock)
        .timeouts(timeouts).build();
  }

  /** Listens; @return the address bound */
  public InetSocketAddress start() {
    return server.start();
  }

  /**
   * Tries the lease every {@code pollEvery} until it is free, then stops listening and returns the storage opened
   * under it. Storage errors other than a held lease (damaged, unreachable) end the wait: they are the operator's.
   */
  public JdbcStorage awaitLease(Duration pollEvery) throws InterruptedException {
    String where = StorageFactory.describe(config.storage());
    LOG.log(System.Logger.Level.INFO, "standby: waiting for the lease on {0}", where);
    while (true) {
      try {
        JdbcStorage storage = StorageFactory.openExclusive(config.storage(), clock);
        LOG.log(System.Logger.Level.INFO, "standby: took the lease on {0}; taking over", where);
        server.close();
        return storage;
      } catch (LeaseHeldException held) {
        Thread.sleep(pollEvery.toMillis());
      }
    }
  }

  @Override
  public void close() {
    server.close();
    metrics.close();
  }

  private static IngestException unavailable() {
    return new IngestException(503, "standby", MESSAGE, IngestService.STANDBY_RETRY_SECONDS);
  }

  /** Ingest while standing by: 503 before any body is read, and for anything that gets that far. */
  private static final class Refusing implements IngestService {
    @Override
    public CompletableFuture<EnrollResponse> enroll(String bearerToken, EnrollRequest request, long receivedAtMillis) {
      return CompletableFuture.failedFuture(unavailable());
    }

    @Override
    public CompletableFuture<HeartbeatAck> heartbeats(String bearerToken, HeartbeatBatch batch, long receivedAtMillis) {
      return CompletableFuture.failedFuture(unavailable());
    }

    @Override
    public void checkEnrollmentToken(String bearerToken) {
      throw unavailable();
    }

    @Override
    public void checkDeviceToken(String bearerToken) {
      throw unavailable();
    }

    @Override
    public boolean ready() {
      return false;
    }

    @Override
    public boolean standby() {
      return true;
    }
  }

  /** The API while standing by: the active collector has the data. */
  private static final class Closed implements FleetQueries {
    private static HttpException unavailable() {
      return new HttpException(503, MESSAGE, Map.of("Retry-After",
          Integer.toString(IngestService.STANDBY_RETRY_SECONDS)));
    }

    @Override
    public List<ApiViews.DeviceView> devices(String clientId, String state, String cause, String retired) {
      throw unavailable();
    }

    @Override
    public Optional<ApiViews.DeviceView> device(String deviceId) {
      throw unavailable();
    }

    @Override
    public Optional<ApiViews.DeviceView> releaseForEnrollment(String deviceId) {
      throw unavailable();
    }

    @Override
    public Optional<List<ApiViews.TimelineEntry>> timeline(String deviceId, long fromMillis, long toMillis) {
      throw unavailable();
    }

    @Override
    public Optional<ApiViews.SlaView> sla(String deviceId, long fromMillis, long toMillis) {
      throw unavailable();
    }

    @Override
    public List<ApiViews.ReliabilityRow> reliability(String groupBy, java.util.function.Predicate<String> clients,
        long fromMillis, long toMillis) {
      throw unavailable();
    }
  }
}
