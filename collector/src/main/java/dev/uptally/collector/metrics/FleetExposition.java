package dev.uptally.collector.metrics;

import dev.uptally.collector.fleet.LiveState;
import dev.uptally.common.device.OutageCause;
import dev.uptally.common.protocol.Health;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;

/**
 * Writes the per-device families straight from a {@link FleetMetricsSource} snapshot as exposition text, without
 * building the client library's model objects (at 100k devices those, their sorting and their validation cost
 * seconds per scrape). Each device's labels are rendered once and reused ({@link DeviceLabels}). Both Prometheus
 * text 0.0.4 and OpenMetrics 1.0 are written; the two differ only in metadata lines (see {@link FleetFamily}).
 * Every series carries {@code device}, {@code client} and {@code class}; {@code uptally_device_info} adds {@code
 * hostname}, {@code model} and {@code os} (the info-metric pattern: join on {@code device}). Thread-safe when the
 * source is.
 */
final class FleetExposition {

  static final FleetFamily INFO = FleetFamily.info("uptally_device",
      "Identity of the device: hostname, hardware model and operating system", "hostname", "model", "os");
  static final FleetFamily UP = FleetFamily.gauge("uptally_device_up", null, "1 when the device is up now, else 0");
  static final FleetFamily STATE = FleetFamily.gauge("uptally_device_state", null,
      "1 for the device's live state, 0 for the others", "state");
  static final FleetFamily DOWN_CAUSE = FleetFamily.gauge("uptally_device_down_cause", null,
      "1 for why the device is down now (crash, shutdown or silent); only devices down now have a series", "cause");
  static final FleetFamily STATE_SINCE = FleetFamily.gauge("uptally_device_state_since_timestamp_seconds",
      Unit.SECONDS, "Since when the device has not been up (its live state's start); only devices not up have a series");
  static final FleetFamily LAST_HEARTBEAT = FleetFamily.gauge("uptally_device_last_heartbeat_timestamp_seconds",
      Unit.SECONDS, "Time of the newest heartbeat sample");
  static final FleetFamily BOOT = FleetFamily.gauge("uptally_device_boot_timestamp_seconds", Unit.SECONDS,
      "Boot time of the device's current boot");
  static final FleetFamily UP_SECONDS = FleetFamily.counter("uptally_device_up_seconds", Unit.SECONDS,
      "Time up since the timeline began");
  static final FleetFamily DOWN_SECONDS = FleetFamily.counter("uptally_device_down_seconds", Unit.SECONDS,
      "Time down since the timeline began, by cause", "cause");
  static final FleetFamily ASLEEP_SECONDS = FleetFamily.counter("uptally_device_asleep_seconds", Unit.SECONDS,
      "Time asleep since the timeline began");
  static final FleetFamily UNKNOWN_SECONDS = FleetFamily.counter("uptally_device_unknown_seconds", Unit.SECONDS,
      "Time in unknown state since the timeline began");
  static final FleetFamily FAILURES = FleetFamily.counter("uptally_device_failures", null,
      "Failures (unplanned crash or silent outage)");
  static final FleetFamily DROPPED = FleetFamily.counter("uptally_agent_spool_dropped_samples", null,
      "Samples the agent's spool dropped");
  static final FleetFamily CPU_USAGE = FleetFamily.gauge("uptally_device_cpu_usage_ratio", Unit.RATIO,
      "CPU usage over the newest sample's interval, 0 to 1");
  static final FleetFamily MEMORY_AVAILABLE = FleetFamily.gauge("uptally_device_memory_available_ratio", Unit.RATIO,
      "Available memory as a share of total memory");
  static final FleetFamily DISK_FREE = FleetFamily.gauge("uptally_device_disk_free_bytes", Unit.BYTES,
      "Free space of the file system mounted at mount", "mount");
  static final FleetFamily TEMPERATURE = FleetFamily.gauge("uptally_device_temperature_celsius", Unit.CELSIUS,
      "CPU package temperature");
  static final FleetFamily BATTERY_HEALTH = FleetFamily.gauge("uptally_device_battery_health_ratio", Unit.RATIO,
      "Battery full-charge capacity as a share of its design capacity");

  static final List<FleetFamily> FAMILIES = List.of(INFO, UP, STATE, DOWN_CAUSE, STATE_SINCE, LAST_HEARTBEAT, BOOT, UP_SECONDS, DOWN_SECONDS,
      ASLEEP_SECONDS, UNKNOWN_SECONDS, FAILURES, DROPPED, CPU_USAGE, MEMORY_AVAILABLE, DISK_FREE, TEMPERATURE,
      BATTERY_HEALTH);

  private static final byte[] CLOSE = ExpositionBuffer.ascii("} ");
  private static final byte[] INFO_VALUE = ExpositionBuffer.ascii("} 1\n");
  private static final byte[] MOUNT = ExpositionBuffer.ascii(",mount=\"");

  private final FleetMetricsSource source;
  private final DeviceLabels labels = new DeviceLabels();

  FleetExposition(FleetMetricsSource source) {
    this.source = source;
  }

  /** Reserves the families' names in a registry (its clash checks then cover them) without exposing anything. */
  static MultiCollector nameReservation() {
    List<MetricFamilyDescriptor> descriptors = FAMILIES.stream().map(FleetFamily::descriptor).toList();
    return new MultiCollector() {
      @Override
      public MetricSnapshots collect() {
        return MetricSnapshots.of();
      }

      @Override
      public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
        return descriptors;
      }
    };
  }

  /** Appends every family of the source's current snapshot. */
  void write(ExpositionBuffer out, boolean openMetrics) {
    List<DeviceMetrics> devices = source.snapshot();
    DeviceLabels.Rendered[] rendered = labels.resolve(devices);
    new Pass(out, openMetrics, devices, rendered).writeAll();
  }

  /** One scrape's writing: the devices, their rendered labels and the output. */
  private record Pass(ExpositionBuffer out, boolean openMetrics, List<DeviceMetrics> devices,
      DeviceLabels.Rendered[] rendered) {

    void writeAll() {
      info();
      simple(UP, d -> d.state() == LiveState.UP ? 1 : 0);
      states();
      downCauses();
      simple(STATE_SINCE, d -> d.stateSinceMillis() > 0 ? d.stateSinceMillis() / 1000.0 : Double.NaN);
      simple(LAST_HEARTBEAT, d -> d.lastHeartbeatMillis() > 0 ? d.lastHeartbeatMillis() / 1000.0 : Double.NaN);
      simple(BOOT, d -> d.bootMillis() > 0 ? d.bootMillis() / 1000.0 : Double.NaN);
      simple(UP_SECONDS, DeviceMetrics::upSeconds);
      downSeconds();
      simple(ASLEEP_SECONDS, DeviceMetrics::asleepSeconds);
      simple(UNKNOWN_SECONDS, DeviceMetrics::unknownSeconds);
      simple(FAILURES, DeviceMetrics::failures);
      simple(DROPPED, DeviceMetrics::droppedSamples);
      simple(CPU_USAGE, d -> HealthValues.cpuUsage(d.health()));
      simple(MEMORY_AVAILABLE, d -> HealthValues.memoryAvailableRatio(d.health()));
      disks();
      simple(TEMPERATURE, d -> HealthValues.temperatureCelsius(d.health()));
      simple(BATTERY_HEALTH, d -> HealthValues.batteryHealthRatio(d.health()));
    }

    /** A family with one series per device; NaN means the device has no series in it. */
    private void simple(FleetFamily family, Value value) {
      byte[] prefix = ExpositionBuffer.ascii(family.sampleName() + "{");
      out.append(family.header(openMetrics));
      for (int i = 0; i < rendered.length; i++) {
        double v = value.of(devices.get(i));
        if (!Double.isNaN(v)) {
          out.append(prefix).append(rendered[i].labels()).append(CLOSE).appendDouble(v).append('\n');
        }
      }
    }

    private void info() {
      byte[] prefix = ExpositionBuffer.ascii(INFO.sampleName() + "{");
      out.append(INFO.header(openMetrics));
      for (DeviceLabels.Rendered r : rendered) {
        out.append(prefix).append(r.labels()).append(r.infoLabels()).append(INFO_VALUE);
      }
    }

    private void states() {
      byte[] prefix = ExpositionBuffer.ascii(STATE.sampleName() + "{");
      // a retired device has no series at all, so the state set is the five states of a device in service
      LiveState[] states = java.util.Arrays.stream(LiveState.values()).filter(x -> x != LiveState.RETIRED)
          .toArray(LiveState[]::new);
      byte[][] suffixes = new byte[states.length][];
      for (LiveState s : states) {
        suffixes[s.ordinal()] = ExpositionBuffer.ascii(",state=\"" + s.wireName() + "\"} ");
      }
      out.append(STATE.header(openMetrics));
      for (int i = 0; i < rendered.length; i++) {
        LiveState now = devices.get(i).state();
        for (LiveState s : states) {
          out.append(prefix).append(rendered[i].labels()).append(suffixes[s.ordinal()])
              .append(s == now ? '1' : '0').append('\n');
        }
      }
    }

    /** One series per device down now; {@code cause} sorts before the device labels. */
    private void downCauses() {
      OutageCause[] causes = OutageCause.values();
      byte[][] prefixes = new byte[causes.length][];
      for (OutageCause c : causes) {
        prefixes[c.ordinal()] = ExpositionBuffer.ascii(DOWN_CAUSE.sampleName() + "{cause=\"" + c.wireName() + "\",");
      }
      out.append(DOWN_CAUSE.header(openMetrics));
      for (int i = 0; i < rendered.length; i++) {
        OutageCause c = devices.get(i).downCause();
        if (c != null) {
          out.append(prefixes[c.ordinal()]).append(rendered[i].labels()).append(CLOSE).append('1').append('\n');
        }
      }
    }

    /** {@code cause} sorts before the device labels, as the client library orders label names. */
    private void downSeconds() {
      OutageCause[] causes = OutageCause.values();
      byte[][] prefixes = new byte[causes.length][];
      for (OutageCause c : causes) {
        prefixes[c.ordinal()] = ExpositionBuffer.ascii(DOWN_SECONDS.sampleName() + "{cause=\"" + c.wireName() + "\",");
      }
      out.append(DOWN_SECONDS.header(openMetrics));
      for (int i = 0; i < rendered.length; i++) {
        DeviceMetrics d = devices.get(i);
        for (OutageCause c : causes) {
          out.append(prefixes[c.ordinal()]).append(rendered[i].labels()).append(CLOSE).appendDouble(d.downSeconds(c))
              .append('\n');
        }
      }
    }

    private void disks() {
      byte[] prefix = ExpositionBuffer.ascii(DISK_FREE.sampleName() + "{");
      out.append(DISK_FREE.header(openMetrics));
      for (int i = 0; i < rendered.length; i++) {
        Health h = devices.get(i).health();
        if (h == null) {
          continue;
        }
        List<Health.Disk> disks = h.disks();
        for (int k = 0; k < disks.size(); k++) {
          Health.Disk disk = disks.get(k);
          if (HealthValues.isFirstReadableMount(disks, k)) {
            out.append(prefix).append(rendered[i].labels()).append(MOUNT);
            DeviceLabels.appendEscaped(out, disk.mount());
            out.append('"').append(CLOSE).appendLong(disk.freeBytes()).append('\n');
          }
        }
      }
    }
  }

  @FunctionalInterface
  private interface Value {
    double of(DeviceMetrics d);
  }
}
