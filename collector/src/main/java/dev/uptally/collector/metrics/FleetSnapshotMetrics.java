package dev.uptally.collector.metrics;

import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.fleet.LiveStatus;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.device.OutageCause;
import dev.uptally.common.protocol.Inventory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet's per-device figures, read from the fleet's immutable snapshots (never from shard state, so a scrape
 * never blocks ingest).
 *
 * <p>Prometheus counters must never go down, so they cover the closed part of each timeline (up to the newest
 * sample), where time only moves from "not known yet" to a final state. A silent outage still open shows in
 * {@code uptally_device_up} and {@code uptally_device_state}, and in the counters once the device returns and the
 * outage is classified. Health gauges are exposed for the classes {@link HealthSeries} includes. Thread-safe.
 */
public final class FleetSnapshotMetrics implements FleetMetricsSource {

  private static final String[] CLASS_NAMES = Arrays.stream(DeviceClass.values()).map(DeviceClass::wireName)
      .toArray(String[]::new);

  private final Fleet fleet;
  private final Clock clock;
  private final HealthSeries healthSeries;

  /** With health series for servers only ({@link HealthSeries#SERVERS}). */
  public FleetSnapshotMetrics(Fleet fleet, Clock clock) {
    this(fleet, clock, HealthSeries.SERVERS);
  }

  public FleetSnapshotMetrics(Fleet fleet, Clock clock, HealthSeries healthSeries) {
    this.fleet = fleet;
    this.clock = clock;
    this.healthSeries = healthSeries;
  }

  @Override
  public List<DeviceMetrics> snapshot() {
    long now = clock.millis();
    List<DeviceMetrics> out = new ArrayList<>(fleet.size() + 16);
    for (DeviceSnapshot d : fleet.snapshots()) {
      if (!d.progress().retired()) { // out of service: its series end (its history stays in the SLA figures)
        out.add(metrics(d, now));
      }
    }
    return out;
  }

  private DeviceMetrics metrics(DeviceSnapshot d, long now) {
    DeviceProgress p = d.progress();
    DeviceProgress.Totals t = p.totals();
    double up = 0;
    if (p.hasSamples()) {
      long closedSpan = p.lastSampleMillis() - p.startMillis();
      up = Math.max(0, closedSpan - t.crashMillis() - t.shutdownMillis() - t.asleepMillis() - t.unknownMillis()) / 1000.0;
    }
    Map<OutageCause, Double> down = new EnumMap<>(OutageCause.class);
    down.put(OutageCause.CRASH, t.crashMillis() / 1000.0);
    down.put(OutageCause.SHUTDOWN, t.shutdownMillis() / 1000.0);
    down.put(OutageCause.SILENT, 0.0);
    Inventory inv = d.inventory();
    LiveStatus live = fleet.liveStatus(d, now);
    return new DeviceMetrics(d.deviceId(), d.identity().clientId(), d.identity().hostname(),
        CLASS_NAMES[d.identity().deviceClass().ordinal()], live.state(), p.hasSamples() ? p.lastSampleMillis() : 0,
        p.hasSamples() ? p.lastBootMillis() : 0, up, down, t.asleepMillis() / 1000.0, t.unknownMillis() / 1000.0,
        t.failures(), p.droppedSamples(), model(inv), os(inv),
        healthSeries.includes(d.identity().deviceClass()) ? d.health() : null, live.cause(),
        live.hasSince() ? live.sinceMillis() : 0);
  }

  private static String model(Inventory inv) {
    return inv == null || inv.hardware() == null ? null : inv.hardware().model();
  }

  /** e.g. {@code windows 11}: family and version, whichever the agent reported. */
  private static String os(Inventory inv) {
    if (inv == null || inv.os() == null) {
      return null;
    }
    String family = inv.os().family();
    String version = inv.os().version();
    if (family == null) {
      return version;
    }
    return version == null ? family : family + " " + version;
  }
}
