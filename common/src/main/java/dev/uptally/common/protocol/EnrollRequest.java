package dev.uptally.common.protocol;

import java.util.Map;

/**
 * {@code POST /v1/enroll} body. Extensions of v1: {@code tags} (free-form labels from the agent config) and
 * {@code deviceToken}, the device's current token, which proves that a re-enrollment of an enrolled device id comes
 * from that device (the other proofs: the same hardware uuid or serial as its last inventory, or an operator's
 * release). Never logged.
 */
public record EnrollRequest(
    String deviceId,
    String hostname,
    String deviceClass,
    String timezone,
    String agentVersion,
    Inventory inventory,
    Map<String, String> tags,
    String deviceToken) {

  public EnrollRequest {
    tags = Copies.map(tags);
  }

  /** A request without a device token (a first enrollment). */
  public EnrollRequest(String deviceId, String hostname, String deviceClass, String timezone, String agentVersion,
      Inventory inventory, Map<String, String> tags) {
    this(deviceId, hostname, deviceClass, timezone, agentVersion, inventory, tags, null);
  }

  @Override
  public String toString() {
    return "EnrollRequest[deviceId=" + deviceId + ", hostname=" + hostname + ", deviceClass=" + deviceClass
        + ", timezone=" + timezone + ", agentVersion=" + agentVersion + ", tags=" + tags.keySet()
        + (deviceToken == null ? "" : ", deviceToken=(hidden)") + "]";
  }
}
