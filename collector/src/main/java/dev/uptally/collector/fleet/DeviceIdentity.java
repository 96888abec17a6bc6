package dev.uptally.collector.fleet;

import dev.uptally.common.device.DeviceClass;
import java.util.Map;

/**
 * Who a device is, fixed at enrollment.
 *
 * @param timezone IANA zone id the agent reported, null when unknown (the client's zone is used)
 * @param tokenHash SHA-256 of the current device token, hex; the token itself is never stored. Null in the fleet's
 *     snapshots: the fleet keeps each device's hash as bytes alone (a million hex copies were 100 MB)
 */
public record DeviceIdentity(
    String deviceId,
    String clientId,
    String hostname,
    DeviceClass deviceClass,
    String timezone,
    String agentVersion,
    String tokenHash,
    long enrolledAtMillis,
    Map<String, String> tags) {

  public DeviceIdentity {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** The same identity with another token hash. */
  public DeviceIdentity withTokenHash(String hash) {
    return new DeviceIdentity(deviceId, clientId, hostname, deviceClass, timezone, agentVersion, hash,
        enrolledAtMillis, tags);
  }

  @Override
  public String toString() {
    return "DeviceIdentity[" + deviceId + ", client=" + clientId + ", host=" + hostname + ", class=" + deviceClass + "]";
  }
}
