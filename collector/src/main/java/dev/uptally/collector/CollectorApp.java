package dev.uptally.collector;

import dev.uptally.collector.api.FleetQueryService;
import dev.uptally.collector.audit.AuditLog;
import dev.uptally.collector.audit.RefusalLimits;
import dev.uptally.collector.concurrent.Executors2;
import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.DeviceStore;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.fleet.FleetListener;
import dev.uptally.collector.fleet.GroupCommitter;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.http.CollectorServer;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.http.LifecycleEndpoints;
import dev.uptally.collector.http.PortalEndpoints;
import dev.uptally.collector.http.ReportEndpoints;
import dev.uptally.collector.http.StatusPageEndpoints;
import dev.uptally.collector.http.Routes;
import dev.uptally.collector.lifecycle.LifecycleService;
import dev.uptally.collector.incident.ContractEngine;
import dev.uptally.collector.ingest.HeartbeatIngest;
import dev.uptally.collector.metrics.ClientAvailabilityMetrics;
import dev.uptally.collector.metrics.FleetSnapshotMetrics;
import dev.uptally.collector.metrics.HealthSeries;
import dev.uptally.collector.metrics.MetricsEndpoint;
import dev.uptally.collector.notify.WebhookDispatcher;
import dev.uptally.collector.portal.PortalSummaries;
import dev.uptally.collector.report.MonthlyReportBuilder;
import dev.uptally.collector.sla.ContractBook;
import dev.uptally.collector.sla.SlaCalculator;
import dev.uptally.collector.status.StatusPages;
import dev.uptally.collector.store.StoreException;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.web.ClasspathStaticContent;
import dev.uptally.config.collector.ClientConfig;
import dev.uptally.config.collector.CollectorConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The assembled collector: store → group commit → fleet (shards) → ingest and queries → HTTP server, metrics,
 * monthly reports, and the webhook dispatcher over the outbox when webhooks are configured.
 * {@link #close()} stops in the reverse order so that every accepted request is answered and every
 * acknowledged change is durable before the process exits.
 *
 * <p>Constructing one takes the exclusive lease on its database ({@link StorageFactory#openExclusive}), unless it is
 * handed storage already opened under the lease (a standby that waited for it): a second collector on the same data,
 * in this process or another, fails here with a {@link dev.uptally.collector.store.LeaseHeldException} naming the
 * database and the holder; the lease is released by {@link #close()} (or by a constructor that fails after taking
 * it).
 */
public final class CollectorApp implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(CollectorApp.class.getName());
  /** Confidence of the MTBF lower bound reported everywhere. */
  public static final double CONFIDENCE = 0.90;
  /** How often patch windows that ended are judged and incident timers checked. */
  static final Duration CONTRACT_EVALUATION_PERIOD = Duration.ofSeconds(15);
  /** How often the per-client availability series are recomputed (they read every device's timeline). */
  static final Duration CLIENT_AVAILABILITY_PERIOD = Duration.ofSeconds(60);

  private final CollectorConfig config;
  private final Clock clock;
  private final JdbcStorage storage;
  private final DeviceStore store;
  private final GroupCommitter committer;
  private final HeartbeatIngest ingest;
  private final ExecutorService identityWrites;
  /** Computes the public status pages: one thread, so a page costs at most one core whatever the load. */
  private final ExecutorService statusPageWork;
  private final MetricsEndpoint metrics;
  private final Fleet fleet;
  private final ContractBook contracts;
  private final FleetQueryService queries;
  private final ContractEngine contractEngine;
  private final ClientAvailabilityMetrics clientAvailability;
  private final CollectorServer server;
  private final MonthlyReportBuilder reports;
  private final LifecycleService lifecycle;
  private final AuditLog audit;
  /** Null when no webhook is configured. */
  private final WebhookDispatcher webhooks;
  private volatile boolean ready;
  private InetSocketAddress address;

  public CollectorApp(CollectorConfig config, Clock clock) {
    this(config, clock, HttpTimeouts.DEFAULTS, Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  public CollectorApp(CollectorConfig config, Clock clock, HttpTimeouts timeouts, int shards) {
    // the lease on the database is taken here, before anything reads or writes it, and released by close()
    this(config, clock, timeouts, shards, StorageFactory.openExclusive(config.storage(), clock));
  }

  /** @param storage opened under the lease; owned from here on (closed by {@link #close()}, or if this fails) */
  public CollectorApp(CollectorConfig config, Clock clock, HttpTimeouts timeouts, int shards, JdbcStorage storage) {
    this.config = config;
    this.clock = clock;
    this.storage = storage;
    this.store = storage.devices();
    try {
      this.metrics = new MetricsEndpoint();
      this.committer = new GroupCommitter(store, 1000, 50_000, metrics.meterRegistry());
      this.identityWrites = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "uptally-enroll-writer");
        t.setDaemon(true);
        return t;
      });
      this.contracts = new ContractBook(config);
      Counter silences = Counter.builder("uptally.fleet.silences")
          .description("Devices declared silent (nothing heard for longer than grace)")
          .register(metrics.meterRegistry());
      this.fleet = new Fleet(new Fleet.Settings(shards, config.heartbeat().graceMillis()), committer::submit,
          (identity, req) -> CompletableFuture.runAsync(() -> store.saveIdentity(identity), identityWrites), clock,
          new FleetListener() {
            @Override
            public void deviceSilent(DeviceSnapshot device, long sinceMillis) {
              silences.increment();
              contractEngine.deviceSilent(device, sinceMillis);
            }

            @Override
            public void batchApplied(DeviceSnapshot device, List<TimelineInterval> closed, boolean wasSilent) {
              contractEngine.batchApplied(device, closed, wasSilent);
            }

            @Override
            public void lifecycleChanged(DeviceSnapshot device) {
              contractEngine.lifecycleChanged(device);
            }
          }, contracts);
      this.queries = new FleetQueryService(fleet, store, new SlaCalculator(contracts, fleet.timeline()), clock,
          CONFIDENCE);
      // the fleet's listener above calls the engine only once the fleet is started, after this
      this.contractEngine = new ContractEngine(contracts, storage.contracts(), store::history, clock,
          config.heartbeat().maxSampleAgeMillis(),
          CONTRACT_EVALUATION_PERIOD, queries::deviceSla);
      this.ingest = new HeartbeatIngest(config, fleet, metrics.meterRegistry(), () -> ready, clock);
      metrics.registerFleet(new FleetSnapshotMetrics(fleet, clock, HealthSeries.fromSystemProperty()));
      this.clientAvailability = new ClientAvailabilityMetrics(
          () -> fleet.snapshots().stream().map(DeviceSnapshot::identity).toList(), queries::deviceSla,
          contracts::clientZone, clock);
      metrics.register(clientAvailability);
      // seconds, Prometheus's base unit (promtool check metrics refuses a _milliseconds series)
      DistributionSummary silenceLateness = DistributionSummary.builder("uptally.fleet.silence.lateness")
          .baseUnit("seconds").description("How long after a device's grace deadline its silence was declared")
          .register(metrics.meterRegistry());
      fleet.onSilenceLatency(millis -> silenceLateness.record(millis / 1000.0));
      metrics.register(contractEngine.patchWindowMetrics());
      Gauge.builder("uptally.fleet.devices", fleet, Fleet::size).description("Devices known to the collector")
          .register(metrics.meterRegistry());
      this.lifecycle = new LifecycleService(fleet, storage.lifecycle(), clock, CONFIDENCE);
      this.audit = new AuditLog(storage.audit(), clock, config.audit().retention(), RefusalLimits.DEFAULTS,
          metrics.meterRegistry());
      this.reports = new MonthlyReportBuilder(fleet, queries, contracts, contractEngine, clock, CONFIDENCE,
          lifecycle);
      this.statusPageWork = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "uptally-status-pages");
        t.setDaemon(true);
        return t;
      });
      StatusPages statusPages = new StatusPages(config.clients(), reports, queries, clock, StatusPages.DEFAULT_TTL,
          statusPageWork);
      this.server = CollectorServer.builder(config.server(), config.api(), ingest, queries, metrics, clock)
          .staticContent(new ClasspathStaticContent()).timeouts(timeouts).contracts(contractEngine)
          .clients(config.clients().stream().map(ClientConfig::id).toList()).audit(audit)
          .apiRoutes(new ReportEndpoints(reports)).apiRoutes(new LifecycleEndpoints(lifecycle, queries::view))
          .apiRoutes(new StatusPageEndpoints(statusPages, clock))
          .apiRoutes(new PortalEndpoints(new PortalSummaries(reports, queries, this::firstSampleMillis, clock),
              config.clients())).build();
      this.webhooks = config.notifications() == null || config.notifications().webhooks().isEmpty() ? null
          : new WebhookDispatcher(config.notifications(), storage.deliveries(), clock);
    } catch (RuntimeException e) {
      // a collector that failed to assemble must not keep the lease: the next attempt in this process would be refused
      try {
        storage.close();
      } catch (StoreException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** The start of the client's earliest device timeline, empty before any of its devices reported. */
  private java.util.OptionalLong firstSampleMillis(String clientId) {
    return fleet.snapshots().stream()
        .filter(d -> clientId.equals(d.identity().clientId()) && d.progress().hasSamples())
        .mapToLong(d -> d.progress().startMillis()).min();
  }

  /** Loads the fleet from storage, then binds. @return the address bound */
  public InetSocketAddress start() {
    long t0 = System.nanoTime();
    fleet.start(store);
    long loaded = System.nanoTime();
    contractEngine.start(fleet);
    long judged = System.nanoTime();
    audit.start();
    address = server.start();
    if (webhooks != null) {
      webhooks.start();
    }
    ready = true;
    clientAvailability.start(CLIENT_AVAILABILITY_PERIOD);
    long now = System.nanoTime();
    LOG.log(System.Logger.Level.INFO, "collector ready: {0} devices, listening on {1} (start {2} ms: devices loaded"
        + " in {3} ms, open incidents and verdicts in {4} ms, the rest in {5} ms)", fleet.size(), address,
        millis(now - t0), millis(loaded - t0), millis(judged - loaded), millis(now - judged));
    return address;
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%,d", nanos / 1_000_000);
  }

  public InetSocketAddress address() {
    return address;
  }

  /** The HTTP route table (every route with its declared client scope). */
  public Routes routes() {
    return server.routes();
  }

  public Fleet fleet() {
    return fleet;
  }

  public FleetQueryService queries() {
    return queries;
  }

  /** Monthly client reports (also served at {@code /api/v1/clients/{id}/report}). */
  public MonthlyReportBuilder reports() {
    return reports;
  }

  /** Operator actions and refused tokens (also served at {@code /api/v1/audit}). */
  public AuditLog audit() {
    return audit;
  }

  public LifecycleService lifecycle() {
    return lifecycle;
  }

  public ContractBook contracts() {
    return contracts;
  }

  /** Violations, incidents and the patch-window evaluator. */
  public ContractEngine contractEngine() {
    return contractEngine;
  }

  public DeviceStore store() {
    return store;
  }

  /** The storage: device and contract stores and the webhook deliveries, on one database. */
  public JdbcStorage storage() {
    return storage;
  }

  /** Runs {@code action} once if the lease on the database is lost to another collector (PostgreSQL). */
  public void onLeaseLost(Runnable action) {
    storage.onLeaseLost(() -> {
      ready = false;
      action.run();
    });
  }

  public CollectorConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  /** Stops accepting, answers what is in flight, flushes every queued commit, closes storage. */
  /** The watermarks that shed a restart storm (the storm benchmark reads its figures). */
  public dev.uptally.collector.limits.CommitAdmission admission() {
    return ingest.admission();
  }

  /** The collector's own meters (those {@code /metrics} exposes). */
  public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
    return metrics.meterRegistry();
  }

  /** Device updates waiting in the group committer's queue. */
  public int commitQueueDepth() {
    return committer.queued();
  }

  @Override
  public void close() {
    ready = false;
    // 1. no new requests; those in flight finish (they need the shards and the committer, still running)
    server.close();
    Executors2.stop(statusPageWork, Duration.ofSeconds(5));
    clientAvailability.close();
    // 2. enrollments being written, then every queued commit: their callbacks still reach the running shards
    Executors2.stop(identityWrites, Duration.ofSeconds(10));
    try {
      committer.close();
    } catch (StoreException e) {
      LOG.log(System.Logger.Level.ERROR, "could not flush pending changes at shutdown", e);
    }
    // 3. the shards finish their queued callbacks, then the contract engine takes the last notifications
    fleet.close();
    contractEngine.close();
    if (webhooks != null) {
      webhooks.close();
    }
    audit.close(); // the refusals still waiting, once no request can add any
    storage.close();
    metrics.close();
    LOG.log(System.Logger.Level.INFO, "collector stopped");
  }

}
