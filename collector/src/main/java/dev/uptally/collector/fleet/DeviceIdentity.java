package dev.uptally.collector.fleet;

import dev.uptally.common.device.DeviceClass;
import java.util.Map;

/**
 * Who a device is, fixed at enrollment.
 *
 * @param timezone IANA zone id the agent reported, null when unknown (the client's zone is used)
 * @param tokenHash SHA-256 of the current device token, hex; the token itself is never stored
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

  @Override
  public String toString() {
    return "DeviceIdentity[" + deviceId + ", client=" + clientId + ", host=" + hostname + ", class=" + deviceClass + "]";
  }
}
