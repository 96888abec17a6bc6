package dev.uptally.collector.api;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Read side of the collector for the API, dashboard and reports. Implementations read live state and
 * the store; they never block ingest. Times are epoch millis; {@code to} is exclusive.
 */
public interface FleetQueries {

  /**
   * @param clientId null for all
   * @param state null for all, else a live state wire name
   * @param cause null for all, else an outage cause wire name: only devices down for that cause
   * @param retired {@code false} (in service), {@code true} (retired) or {@code all}
   */
  List<ApiViews.DeviceView> devices(String clientId, String state, String cause, String retired);

  Optional<ApiViews.DeviceView> device(String deviceId);

  /** The client of a device, empty when the device is unknown (the API's client scoping asks this of every target). */
  default Optional<String> clientOfDevice(String deviceId) {
    return device(deviceId).map(ApiViews.DeviceView::clientId);
  }

  /** The device's hostname, empty when the device is unknown (incidents and violations show it beside the id). */
  default Optional<String> hostname(String deviceId) {
    return device(deviceId).map(ApiViews.DeviceView::hostname);
  }

  /**
   * Lets the device id be enrolled again without proof of identity for a day (an operator action); empty when the
   * device is unknown.
   */
  Optional<ApiViews.DeviceView> releaseForEnrollment(String deviceId);

  /** Empty when the device is unknown. */
  Optional<List<ApiViews.TimelineEntry>> timeline(String deviceId, long fromMillis, long toMillis);

  /** Empty when the device is unknown. */
  Optional<ApiViews.SlaView> sla(String deviceId, long fromMillis, long toMillis);

  /**
   * @param groupBy {@code model}, {@code class} or {@code client}
   * @param clients the clients whose devices are pooled (a client-scoped token's)
   */
  List<ApiViews.ReliabilityRow> reliability(String groupBy, Predicate<String> clients, long fromMillis, long toMillis);
}
