package dev.uptally.collector.metrics;

import dev.uptally.collector.fleet.LiveState;
import dev.uptally.common.device.OutageCause;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Turns a {@link FleetMetricsSource} snapshot into per-device metric families at scrape time. Every
 * series carries {@code device}, {@code client}, {@code hostname} and {@code class}. Stateless apart
 * from the source; thread-safe when the source is.
 */
final class FleetCollector implements MultiCollector {

  static final String UP = "uptally_device_up";
  static final String STATE = "uptally_device_state";
  static final String LAST_HEARTBEAT = "uptally_device_last_heartbeat_timestamp_seconds";
  static final String BOOT = "uptally_device_boot_timestamp_seconds";
  static final String UP_SECONDS = "uptally_device_up_seconds";
  static final String DOWN_SECONDS = "uptally_device_down_seconds";
  static final String ASLEEP_SECONDS = "uptally_device_asleep_seconds";
  static final String UNKNOWN_SECONDS = "uptally_device_unknown_seconds";
  static final String FAILURES = "uptally_device_failures";
  static final String DROPPED = "uptally_agent_spool_dropped_samples";

  private final FleetMetricsSource source;

  FleetCollector(FleetMetricsSource source) {
    this.source = source;
  }

  private static final Set<String> LABELS = Set.of("device", "client", "hostname", "class");
  private static final List<MetricFamilyDescriptor> DESCRIPTORS = describe(snapshots(List.of()));

  @Override
  public MetricSnapshots collect() {
    return snapshots(source.snapshot());
  }

  /** Names, types, help and label names of every family, so the registry can refuse clashes up front. */
  @Override
  public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
    return DESCRIPTORS;
  }

  private static List<MetricFamilyDescriptor> describe(MetricSnapshots empty) {
    List<MetricFamilyDescriptor> out = new ArrayList<>();
    for (MetricSnapshot family : empty) {
      Set<String> labels = new HashSet<>(LABELS);
      String name = family.getMetadata().getName();
      if (name.equals(STATE)) {
        labels.add("state");
      } else if (name.equals(DOWN_SECONDS)) {
        labels.add("cause");
      }
      MetricType type = family instanceof CounterSnapshot ? MetricType.COUNTER : MetricType.GAUGE;
      out.add(MetricFamilyDescriptor.of(type, family.getMetadata(), labels));
    }
    return List.copyOf(out);
  }

  private static MetricSnapshots snapshots(List<DeviceMetrics> devices) {
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    out.metricSnapshot(gauge(UP, "1 when the device is up now, else 0", null, devices,
        d -> d.state() == LiveState.UP ? 1 : 0));
    out.metricSnapshot(states(devices));
    out.metricSnapshot(timestamps(LAST_HEARTBEAT, "Time of the newest heartbeat sample", devices, true));
    out.metricSnapshot(timestamps(BOOT, "Boot time of the device's current boot", devices, false));
    out.metricSnapshot(counter(UP_SECONDS, "Time up since the timeline began", Unit.SECONDS, devices,
        DeviceMetrics::upSeconds));
    out.metricSnapshot(downCounter(devices));
    out.metricSnapshot(counter(ASLEEP_SECONDS, "Time asleep since the timeline began", Unit.SECONDS, devices,
        DeviceMetrics::asleepSeconds));
    out.metricSnapshot(counter(UNKNOWN_SECONDS, "Time in unknown state since the timeline began", Unit.SECONDS,
        devices, DeviceMetrics::unknownSeconds));
    out.metricSnapshot(counter(FAILURES, "Failures (unplanned crash or silent outage)", null, devices,
        d -> d.failures()));
    out.metricSnapshot(counter(DROPPED, "Samples the agent's spool dropped", null, devices,
        d -> d.droppedSamples()));
    return out.build();
  }

  private static Labels labels(DeviceMetrics d) {
    return Labels.of("device", d.deviceId(), "client", d.clientId(),
        "hostname", d.hostname() == null ? "" : d.hostname(),
        "class", d.deviceClass() == null ? "" : d.deviceClass());
  }

  private static GaugeSnapshot gauge(String name, String help, Unit unit, List<DeviceMetrics> devices,
      ToDoubleFunction<DeviceMetrics> value) {
    GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
    if (unit != null) {
      gauge.unit(unit);
    }
    for (DeviceMetrics d : devices) {
      gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels(d)).value(value.applyAsDouble(d)).build());
    }
    return gauge.build();
  }

  private static GaugeSnapshot states(List<DeviceMetrics> devices) {
    GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(STATE)
        .help("1 for the device's live state, 0 for the others");
    for (DeviceMetrics d : devices) {
      Labels base = labels(d);
      for (LiveState state : LiveState.values()) {
        gauge.dataPoint(GaugeDataPointSnapshot.builder()
            .labels(base.add("state", state.wireName()))
            .value(d.state() == state ? 1 : 0)
            .build());
      }
    }
    return gauge.build();
  }

  /** Only devices for which the time is known (non-zero) get a series. */
  private static GaugeSnapshot timestamps(String name, String help, List<DeviceMetrics> devices, boolean heartbeat) {
    GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help).unit(Unit.SECONDS);
    for (DeviceMetrics d : devices) {
      long millis = heartbeat ? d.lastHeartbeatMillis() : d.bootMillis();
      if (millis > 0) {
        gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels(d)).value(millis / 1000.0).build());
      }
    }
    return gauge.build();
  }

  private static CounterSnapshot counter(String name, String help, Unit unit, List<DeviceMetrics> devices,
      ToDoubleFunction<DeviceMetrics> value) {
    CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
    if (unit != null) {
      counter.unit(unit);
    }
    for (DeviceMetrics d : devices) {
      counter.dataPoint(CounterDataPointSnapshot.builder().labels(labels(d)).value(value.applyAsDouble(d)).build());
    }
    return counter.build();
  }

  private static CounterSnapshot downCounter(List<DeviceMetrics> devices) {
    CounterSnapshot.Builder counter = CounterSnapshot.builder().name(DOWN_SECONDS)
        .help("Time down since the timeline began, by cause").unit(Unit.SECONDS);
    for (DeviceMetrics d : devices) {
      Labels base = labels(d);
      for (OutageCause cause : OutageCause.values()) {
        counter.dataPoint(CounterDataPointSnapshot.builder()
            .labels(base.add("cause", cause.wireName()))
            .value(d.downSeconds(cause))
            .build());
      }
    }
    return counter.build();
  }
}
