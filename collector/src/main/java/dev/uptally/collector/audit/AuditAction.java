package dev.uptally.collector.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an {@link AuditEntry} records; its wire name is what the API shows and {@code ?action=} filters on. */
public enum AuditAction {
  INCIDENT_ACKNOWLEDGE("incident.acknowledge"),
  INCIDENT_RESOLVE("incident.resolve"),
  DEVICE_RETIRE("device.retire"),
  DEVICE_REINSTATE("device.reinstate"),
  /** The device id may be enrolled again without proof for a while (kept in memory only). */
  DEVICE_RELEASE("device.release"),
  HARDWARE_CHANGE_CORRECT("hardware-change.correct"),
  /** 401: an API (or metrics) token that was missing or unknown. */
  TOKEN_REFUSED("token.refused"),
  /** 403: a known token whose role is too low, or that sees only some clients where every client is needed. */
  FORBIDDEN("forbidden"),
  /** How many refusals of one address (or of addresses beyond the tracked ones) in one minute were not written. */
  REFUSALS_SUMMARISED("refusals.summarised");

  private final String wireName;

  AuditAction(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** @throws IllegalArgumentException naming the value and the known actions */
  public static AuditAction fromWire(String name) {
    for (AuditAction a : values()) {
      if (a.wireName.equals(name.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown audit action '" + name + "' (known: "
        + Arrays.stream(values()).map(AuditAction::wireName).collect(Collectors.joining(", ")) + ")");
  }
}
