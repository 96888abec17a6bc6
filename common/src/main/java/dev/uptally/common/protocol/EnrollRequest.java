package dev.uptally.common.protocol;

import java.util.Map;

/** {@code POST /v1/enroll} body. {@code tags} is an extension of v1 (free-form labels from the agent config). */
public record EnrollRequest(
    String deviceId,
    String hostname,
    String deviceClass,
    String timezone,
    String agentVersion,
    Inventory inventory,
    Map<String, String> tags) {

  public EnrollRequest {
    tags = Copies.map(tags);
  }
}
