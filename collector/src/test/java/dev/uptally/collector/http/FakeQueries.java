package dev.uptally.collector.http;

import dev.uptally.collector.api.ApiViews;
import dev.uptally.collector.api.FleetQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fleet queries over an in-memory device list; records the windows it was asked for. */
public final class FakeQueries implements FleetQueries {

  public record Window(String what, String key, long fromMillis, long toMillis) {}

  public final List<ApiViews.DeviceView> devices = new CopyOnWriteArrayList<>();
  public final Map<String, List<ApiViews.TimelineEntry>> timelines = new ConcurrentHashMap<>();
  public final List<Window> windows = new CopyOnWriteArrayList<>();

  @Override
  public List<ApiViews.DeviceView> devices(String clientId, String state, String cause, String retired) {
    List<ApiViews.DeviceView> out = new ArrayList<>();
    for (ApiViews.DeviceView d : devices) {
      if ((clientId == null || clientId.equals(d.clientId())) && (state == null || state.equals(d.state()))
          && (cause == null || cause.equals(d.cause()))) {
        out.add(d);
      }
    }
    return out;
  }

  @Override
  public Optional<ApiViews.DeviceView> device(String deviceId) {
    return devices.stream().filter(d -> d.deviceId().equals(deviceId)).findFirst();
  }

  @Override
  public Optional<ApiViews.DeviceView> releaseForEnrollment(String deviceId) {
    return device(deviceId);
  }

  @Override
  public Optional<List<ApiViews.TimelineEntry>> timeline(String deviceId, long fromMillis, long toMillis) {
    windows.add(new Window("timeline", deviceId, fromMillis, toMillis));
    return device(deviceId).map(d -> timelines.getOrDefault(deviceId, List.of()));
  }

  @Override
  public Optional<ApiViews.SlaView> sla(String deviceId, long fromMillis, long toMillis) {
    windows.add(new Window("sla", deviceId, fromMillis, toMillis));
    return device(deviceId).map(d -> new ApiViews.SlaView(java.time.Instant.ofEpochMilli(fromMillis),
        java.time.Instant.ofEpochMilli(toMillis), 1.0, 99.0, (toMillis - fromMillis) / 1000, 0, 0,
        (toMillis - fromMillis) / 1000, null, null, null, 1000.0, 0.9, List.of()));
  }

  @Override
  public List<ApiViews.ReliabilityRow> reliability(String groupBy, java.util.function.Predicate<String> clients,
      long fromMillis, long toMillis) {
    windows.add(new Window("reliability", groupBy, fromMillis, toMillis));
    return List.of(new ApiViews.ReliabilityRow("group-by-" + groupBy, 1, 0, 100, 0, null, null, null, 200.0, 0.9));
  }
}
