package dev.uptally.collector.api;

import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.DeviceStore;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.fleet.LiveState;
import dev.uptally.collector.fleet.LiveStatus;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.sla.DeviceSla;
import dev.uptally.collector.sla.Reliability;
import dev.uptally.collector.sla.SlaCalculator;
import dev.uptally.common.device.OutageCause;
import dev.uptally.common.time.TimeRange;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@link FleetQueries} over live snapshots (for state and health) and the store (for history). Never waits for a
 * shard. Thread-safe.
 */
public final class FleetQueryService implements FleetQueries {

  private final Fleet fleet;
  private final DeviceStore store;
  private final SlaCalculator sla;
  private final Clock clock;
  private final double confidence;

  /** @param confidence of the MTBF lower bound, e.g. 0.90 */
  public FleetQueryService(Fleet fleet, DeviceStore store, SlaCalculator sla, Clock clock, double confidence) {
    this.fleet = fleet;
    this.store = store;
    this.sla = sla;
    this.clock = clock;
    this.confidence = confidence;
  }

  @Override
  public List<ApiViews.DeviceView> devices(String clientId, String state, String cause, String retired) {
    LiveState wanted = state == null ? null : LiveState.fromWire(state);
    OutageCause wantedCause = cause == null ? null : OutageCause.fromWire(cause);
    long now = clock.millis();
    List<ApiViews.DeviceView> out = new ArrayList<>();
    for (DeviceSnapshot d : fleet.snapshots()) {
      if (clientId != null && !clientId.equals(d.identity().clientId())) {
        continue;
      }
      boolean isRetired = d.progress().retired();
      if ("false".equals(retired) && isRetired || "true".equals(retired) && !isRetired) {
        continue;
      }
      LiveStatus s = fleet.liveStatus(d, now);
      if ((wanted == null || wanted == s.state()) && (wantedCause == null || wantedCause == s.cause())) {
        out.add(view(d, s));
      }
    }
    out.sort(Comparator.comparing(ApiViews.DeviceView::clientId).thenComparing(ApiViews.DeviceView::hostname,
        Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(ApiViews.DeviceView::deviceId));
    return out;
  }

  @Override
  public Optional<ApiViews.DeviceView> device(String deviceId) {
    return fleet.snapshot(deviceId).map(d -> view(d, fleet.liveStatus(d, clock.millis())));
  }

  @Override
  public Optional<String> hostname(String deviceId) {
    return fleet.snapshot(deviceId).map(d -> d.identity().hostname());
  }

  @Override
  public Optional<String> clientOfDevice(String deviceId) {
    return fleet.snapshot(deviceId).map(d -> d.identity().clientId());
  }

  @Override
  public Optional<ApiViews.DeviceView> releaseForEnrollment(String deviceId) {
    if (!fleet.release(deviceId, clock.millis()).join()) {
      return Optional.empty();
    }
    return device(deviceId);
  }

  @Override
  public Optional<List<ApiViews.TimelineEntry>> timeline(String deviceId, long fromMillis, long toMillis) {
    return fleet.snapshot(deviceId).map(d -> {
      List<TimelineInterval> stored = store.intervals(deviceId, fromMillis, toMillis);
      return sla.timeline(d.identity(), d.progress(), stored, fromMillis, toMillis, clock.millis()).stream()
          .map(e -> new ApiViews.TimelineEntry(Instant.ofEpochMilli(e.startMillis()), Instant.ofEpochMilli(e.endMillis()),
              e.state().wireName(), e.cause() == null ? null : e.cause().wireName(), e.planned()))
          .toList();
    });
  }

  @Override
  public Optional<ApiViews.SlaView> sla(String deviceId, long fromMillis, long toMillis) {
    return fleet.snapshot(deviceId).map(d -> toView(compute(d, fromMillis, toMillis)));
  }

  /** The SLA figures of a device in milliseconds (reports use this; the API view rounds to seconds). */
  public Optional<DeviceSla> deviceSla(String deviceId, long fromMillis, long toMillis) {
    return fleet.snapshot(deviceId).map(d -> compute(d, fromMillis, toMillis));
  }

  /**
   * A device's SLA over {@code [from, to)} and the measured and down milliseconds of each part of it (reports' days),
   * from one read of its timeline; each part's figures equal {@link #deviceSla} over that part.
   */
  public Optional<SlaCalculator.Breakdown> deviceSlaByPart(String deviceId, long fromMillis, long toMillis,
      List<TimeRange> parts) {
    return fleet.snapshot(deviceId).map(d -> sla.breakdown(d.identity(), d.progress(),
        store.intervals(d.deviceId(), fromMillis, toMillis), fromMillis, toMillis, clock.millis(), parts));
  }

  @Override
  public List<ApiViews.ReliabilityRow> reliability(String groupBy, Predicate<String> clients, long fromMillis,
      long toMillis) {
    Function<DeviceSnapshot, String> key = switch (groupBy == null ? "" : groupBy) {
      case "model" -> FleetQueryService::model;
      case "class" -> d -> d.identity().deviceClass().wireName();
      case "client" -> d -> d.identity().clientId();
      default -> throw new IllegalArgumentException("groupBy must be model, class or client, not '" + groupBy + "'");
    };
    Map<String, Reliability> pooled = new TreeMap<>();
    Map<String, Integer> counts = new TreeMap<>();
    for (DeviceSnapshot d : fleet.snapshots()) {
      if (!clients.test(d.identity().clientId())) {
        continue;
      }
      DeviceSla s = compute(d, fromMillis, toMillis);
      Reliability r = new Reliability(s.uptimeMillis(), s.failureDowntimeMillis(), s.failures(), confidence);
      pooled.merge(key.apply(d), r, Reliability::plus);
      counts.merge(key.apply(d), 1, Integer::sum);
    }
    List<ApiViews.ReliabilityRow> rows = new ArrayList<>();
    pooled.forEach((group, r) -> rows.add(new ApiViews.ReliabilityRow(group, counts.get(group), r.failures(),
        r.uptimeMillis() / 1000, r.failureDowntimeMillis() / 1000, r.mttfSeconds(), r.mttrSeconds(), r.mtbfSeconds(),
        r.mtbfLowerSeconds(), confidence)));
    rows.sort(Comparator.comparingDouble(ApiViews.ReliabilityRow::mtbfLowerSeconds));
    return rows;
  }

  private DeviceSla compute(DeviceSnapshot d, long fromMillis, long toMillis) {
    List<TimelineInterval> stored = store.intervals(d.deviceId(), fromMillis, toMillis);
    return sla.compute(d.identity(), d.progress(), stored, fromMillis, toMillis, clock.millis());
  }

  private ApiViews.SlaView toView(DeviceSla s) {
    Reliability r = new Reliability(s.uptimeMillis(), s.failureDowntimeMillis(), s.failures(), confidence);
    List<ApiViews.Outage> outages = s.outages().stream().map(o -> new ApiViews.Outage(
        Instant.ofEpochMilli(o.interval().startMillis()), Instant.ofEpochMilli(o.interval().endMillis()),
        o.interval().durationMillis() / 1000, o.interval().cause().wireName(), o.planned(), o.counted(), o.failure()))
        .toList();
    return new ApiViews.SlaView(Instant.ofEpochMilli(s.fromMillis()), Instant.ofEpochMilli(s.toMillis()),
        s.availability(), s.targetPercent(), s.measuredMillis() / 1000, s.downMillis() / 1000, s.failures(),
        s.uptimeMillis() / 1000, r.mttfSeconds(), r.mttrSeconds(), r.mtbfSeconds(), r.mtbfLowerSeconds(), confidence,
        outages);
  }

  private static String model(DeviceSnapshot d) {
    var inv = d.inventory();
    if (inv == null || inv.hardware() == null || inv.hardware().model() == null) {
      return "unknown";
    }
    String m = inv.hardware().model();
    return inv.hardware().manufacturer() == null ? m : inv.hardware().manufacturer() + " " + m;
  }

  /** The API view of a device now (the lifecycle routes answer with it). */
  public ApiViews.DeviceView view(DeviceSnapshot d) {
    return view(d, fleet.liveStatus(d, clock.millis()));
  }

  private static ApiViews.DeviceView view(DeviceSnapshot d, LiveStatus s) {
    var id = d.identity();
    var r = d.progress().retirement();
    Instant last = d.progress().hasSamples() ? Instant.ofEpochMilli(d.progress().lastSampleMillis()) : null;
    return new ApiViews.DeviceView(id.deviceId(), id.clientId(), id.hostname(), id.deviceClass().wireName(),
        s.state().wireName(), s.cause() == null ? null : s.cause().wireName(),
        s.hasSince() ? Instant.ofEpochMilli(s.sinceMillis()) : null, last, d.health(), d.inventory(),
        d.progress().droppedSamples(), r == null ? null : Instant.ofEpochMilli(r.atMillis()),
        r == null ? null : r.reason().wireName(), r == null ? null : r.note());
  }
}
