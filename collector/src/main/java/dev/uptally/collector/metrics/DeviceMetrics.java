package dev.uptally.collector.metrics;

import dev.uptally.collector.fleet.LiveState;
import dev.uptally.common.device.OutageCause;
import dev.uptally.common.protocol.Health;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One device's figures for Prometheus. Cumulative times are seconds since the device's timeline began.
 *
 * @param hostname may be null (exposed as empty)
 * @param deviceClass wire name, e.g. {@code laptop}
 * @param lastHeartbeatMillis epoch millis of the newest sample, 0 when none yet
 * @param bootMillis epoch millis of the current boot, 0 when unknown
 * @param downSeconds cumulative down time by cause; missing causes count as 0
 * @param failures cumulative failures (unplanned crash or silent outage)
 * @param droppedSamples samples the agent's spool reported dropped, cumulative
 * @param model hardware model from the inventory, may be null (exposed as empty on {@code uptally_device_info})
 * @param os operating system family and version from the inventory, may be null
 * @param health newest health to expose as gauges, null when unknown or when health series are off for the device
 * @param downCause why the device is down now, null unless {@code state} is down
 * @param stateSinceMillis epoch millis since which the device has not been up, 0 when it is up or was never heard
 */
public record DeviceMetrics(
    String deviceId,
    String clientId,
    String hostname,
    String deviceClass,
    LiveState state,
    long lastHeartbeatMillis,
    long bootMillis,
    double upSeconds,
    Map<OutageCause, Double> downSeconds,
    double asleepSeconds,
    double unknownSeconds,
    long failures,
    long droppedSamples,
    String model,
    String os,
    Health health,
    OutageCause downCause,
    long stateSinceMillis) {

  public DeviceMetrics {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(clientId, "clientId of device " + deviceId);
    Objects.requireNonNull(state, "state of device " + deviceId);
    EnumMap<OutageCause, Double> copy = new EnumMap<>(OutageCause.class);
    if (downSeconds != null) {
      copy.putAll(downSeconds);
    }
    downSeconds = Collections.unmodifiableMap(copy);
  }

  /** A device whose live state carries no cause or since. */
  public DeviceMetrics(String deviceId, String clientId, String hostname, String deviceClass, LiveState state,
      long lastHeartbeatMillis, long bootMillis, double upSeconds, Map<OutageCause, Double> downSeconds,
      double asleepSeconds, double unknownSeconds, long failures, long droppedSamples, String model, String os,
      Health health) {
    this(deviceId, clientId, hostname, deviceClass, state, lastHeartbeatMillis, bootMillis, upSeconds, downSeconds,
        asleepSeconds, unknownSeconds, failures, droppedSamples, model, os, health, null, 0);
  }

  /** A device without inventory or health series. */
  public DeviceMetrics(String deviceId, String clientId, String hostname, String deviceClass, LiveState state,
      long lastHeartbeatMillis, long bootMillis, double upSeconds, Map<OutageCause, Double> downSeconds,
      double asleepSeconds, double unknownSeconds, long failures, long droppedSamples) {
    this(deviceId, clientId, hostname, deviceClass, state, lastHeartbeatMillis, bootMillis, upSeconds, downSeconds,
        asleepSeconds, unknownSeconds, failures, droppedSamples, null, null, null, null, 0);
  }

  public double downSeconds(OutageCause cause) {
    return downSeconds.getOrDefault(cause, 0.0);
  }
}
