package dev.uptally.collector.metrics;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.sla.DeviceSla;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Per client and device class: {@code uptally_client_availability_ratio} over the calendar month so far (in the
 * client's time zone), {@code uptally_client_availability_target_ratio} from the contract and {@code
 * uptally_client_error_budget_remaining_ratio}, plus {@code uptally_client_availability_computed_timestamp_seconds}.
 * The figures are computed by {@link #refresh()} in the background (per-device SLA reads timelines from storage,
 * far too slow for a scrape); {@link #collect()} only reads the latest result. Thread-safe.
 */
public final class ClientAvailabilityMetrics implements MultiCollector, AutoCloseable {

  static final String AVAILABILITY = "uptally_client_availability_ratio";
  static final String TARGET = "uptally_client_availability_target_ratio";
  static final String BUDGET = "uptally_client_error_budget_remaining_ratio";
  static final String COMPUTED = "uptally_client_availability_computed_timestamp_seconds";
  private static final String AVAILABILITY_HELP =
      "Availability of the client's devices of a class over the calendar month so far";
  private static final String TARGET_HELP = "The contract's availability target for the class";
  private static final String BUDGET_HELP = "Share of the month-so-far error budget not yet spent (negative once overspent)";
  private static final String COMPUTED_HELP = "When the client availability figures were last computed";
  private static final System.Logger LOG = System.getLogger(ClientAvailabilityMetrics.class.getName());

  /** The SLA of one device over {@code [from, to)}; empty when the device is gone. */
  @FunctionalInterface
  public interface DeviceSlaSource {
    Optional<DeviceSla> deviceSla(String deviceId, long fromMillis, long toMillis);
  }

  private final Supplier<? extends Collection<DeviceIdentity>> devices;
  private final DeviceSlaSource sla;
  private final Function<String, ZoneId> clientZone;
  private final Clock clock;
  private volatile Result latest = new Result(List.of(), 0);
  private ScheduledExecutorService scheduler;

  /**
   * @param devices the fleet's devices at call time
   * @param clientZone the client's time zone, where its calendar month begins
   */
  public ClientAvailabilityMetrics(Supplier<? extends Collection<DeviceIdentity>> devices, DeviceSlaSource sla,
      Function<String, ZoneId> clientZone, Clock clock) {
    this.devices = devices;
    this.sla = sla;
    this.clock = clock;
    this.clientZone = clientZone;
  }

  /**
   * Refreshes now and then every {@code period} on a daemon thread of its own, until {@link #close()}. A refresh
   * reads every device's timeline; when one takes longer than a quarter of the period (a very large fleet), the
   * next waits four times as long as it took, so the refresh never takes more than a fifth of a core.
   */
  public synchronized void start(Duration period) {
    if (scheduler != null) {
      throw new IllegalStateException("client availability metrics are already started");
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "uptally-client-availability");
      t.setDaemon(true);
      return t;
    });
    scheduleRefresh(scheduler, 0, period.toMillis());
  }

  private void scheduleRefresh(ScheduledExecutorService on, long delayMillis, long periodMillis) {
    on.schedule(() -> {
      long tookMillis = refreshLogged();
      if (!on.isShutdown()) {
        scheduleRefresh(on, Math.max(periodMillis, 4 * tookMillis), periodMillis);
      }
    }, delayMillis, TimeUnit.MILLISECONDS);
  }

  /** Pools every device's SLA for the month so far, by client and class, and publishes the result. */
  public void refresh() {
    long now = clock.millis();
    Map<String, Map<String, long[]>> pooled = new TreeMap<>();
    Map<String, Double> targets = new TreeMap<>();
    for (DeviceIdentity d : devices.get()) {
      if (closed) {
        return; // stopping: the storage closes next; keep the last figures rather than publish half a pass
      }
      long from = monthStartMillis(d.clientId(), now);
      Optional<DeviceSla> s = sla.deviceSla(d.deviceId(), from, now);
      if (s.isEmpty() || s.get().measuredMillis() <= 0) {
        continue;
      }
      String cls = d.deviceClass().wireName();
      long[] sums = pooled.computeIfAbsent(d.clientId(), c -> new TreeMap<>()).computeIfAbsent(cls, c -> new long[2]);
      sums[0] += s.get().measuredMillis();
      sums[1] += Math.min(s.get().downMillis(), s.get().measuredMillis());
      if (s.get().targetPercent() != null) {
        targets.putIfAbsent(d.clientId() + '\n' + cls, s.get().targetPercent() / 100);
      }
    }
    List<ClientAvailability> out = new ArrayList<>();
    pooled.forEach((client, byClass) -> byClass.forEach((cls, sums) ->
        out.add(new ClientAvailability(client, cls, sums[0], sums[1], targets.get(client + '\n' + cls)))));
    latest = new Result(List.copyOf(out), now);
  }

  /** The latest computed figures (empty before the first refresh). */
  public List<ClientAvailability> latest() {
    return latest.clients();
  }

  /** @return how long the refresh took, in milliseconds */
  private long refreshLogged() {
    long started = System.nanoTime();
    try {
      refresh();
      LOG.log(System.Logger.Level.DEBUG, "client availability refreshed for {0} client/class pairs in {1} ms",
          latest.clients().size(), (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException e) {
      // keep the previous figures and try again next period; the computed timestamp shows they are getting old
      LOG.log(System.Logger.Level.WARNING, "refreshing client availability metrics failed; keeping the figures of "
          + latest.computedMillis() + " (epoch ms)", e);
    }
    return (System.nanoTime() - started) / 1_000_000;
  }

  private long monthStartMillis(String clientId, long nowMillis) {
    ZoneId zone = clientZone.apply(clientId);
    ZonedDateTime now = ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(nowMillis), zone);
    return now.toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant().toEpochMilli();
  }

  @Override
  public MetricSnapshots collect() {
    Result r = latest;
    GaugeSnapshot.Builder availability = gauge(AVAILABILITY, AVAILABILITY_HELP);
    GaugeSnapshot.Builder target = gauge(TARGET, TARGET_HELP);
    GaugeSnapshot.Builder budget = gauge(BUDGET, BUDGET_HELP);
    for (ClientAvailability c : r.clients()) {
      Labels labels = Labels.of("client", c.clientId(), "class", c.deviceClass());
      availability.dataPoint(point(labels, c.availability()));
      if (c.targetRatio() != null) {
        target.dataPoint(point(labels, c.targetRatio()));
      }
      if (c.errorBudgetRemaining() != null) {
        budget.dataPoint(point(labels, c.errorBudgetRemaining()));
      }
    }
    MetricSnapshots.Builder out = MetricSnapshots.builder()
        .metricSnapshot(availability.build()).metricSnapshot(target.build()).metricSnapshot(budget.build());
    if (r.computedMillis() > 0) {
      out.metricSnapshot(GaugeSnapshot.builder().name(COMPUTED).unit(Unit.SECONDS)
          .help(COMPUTED_HELP)
          .dataPoint(point(Labels.EMPTY, r.computedMillis() / 1000.0)).build());
    }
    return out.build();
  }

  @Override
  public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
    Set<String> labels = Set.of("client", "class");
    return List.of(
        MetricFamilyDescriptor.of(MetricType.GAUGE, new MetricMetadata(AVAILABILITY, AVAILABILITY_HELP, Unit.RATIO), labels),
        MetricFamilyDescriptor.of(MetricType.GAUGE, new MetricMetadata(TARGET, TARGET_HELP, Unit.RATIO), labels),
        MetricFamilyDescriptor.of(MetricType.GAUGE, new MetricMetadata(BUDGET, BUDGET_HELP, Unit.RATIO), labels),
        MetricFamilyDescriptor.of(MetricType.GAUGE, new MetricMetadata(COMPUTED, COMPUTED_HELP, Unit.SECONDS), Set.of()));
  }

  private static GaugeSnapshot.Builder gauge(String name, String help) {
    return GaugeSnapshot.builder().name(name).help(help).unit(Unit.RATIO);
  }

  private static GaugeDataPointSnapshot point(Labels labels, double value) {
    return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  /** Stops the refresh; one in progress stops at its next device, and close waits for it (at most 10 s). */
  @Override
  public void close() {
    closed = true;
    ScheduledExecutorService s;
    synchronized (this) {
      s = scheduler;
    }
    if (s != null) {
      s.shutdownNow();
      try {
        if (!s.awaitTermination(10, TimeUnit.SECONDS)) {
          LOG.log(System.Logger.Level.WARNING, "client availability refresh did not stop within 10 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private volatile boolean closed;

  private record Result(List<ClientAvailability> clients, long computedMillis) {}
}
