package dev.uptally.collector.incident;

import java.time.Instant;

/**
 * An incident opened by a rule, with its response and resolution clocks.
 *
 * @param rule {@code deviceDown}, {@code diskFull}, {@code temperature}, {@code batteryWorn}, {@code patchWindowMissed}
 * @param state {@code open}, {@code acknowledged} or {@code resolved}
 * @param responseDue when acknowledging is due, computed in the priority's calendar
 * @param resolutionDue when resolving is due, computed in the priority's calendar
 * @param resolution {@code auto} (condition cleared), {@code manual} or {@code retired}, null while not resolved
 * @param acknowledgedBy the API token's name that acknowledged, null while not acknowledged
 * @param resolvedBy the API token's name that resolved manually (or retired the device), null for {@code auto}
 * @param ackNote the operator's note given with the acknowledgement, null when none
 * @param resolveNote the operator's note given with the resolution, null when none
 */
public record Incident(
    String id,
    String clientId,
    String deviceId,
    String rule,
    String priority,
    String state,
    Instant openedAt,
    Instant responseDue,
    Instant resolutionDue,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant resolvedAt,
    String resolvedBy,
    String resolution,
    boolean escalated,
    String detail,
    String ackNote,
    String resolveNote) {

  /** The rules the contract engine opens incidents for (DESIGN.md "SLA definitions"; {@code rules:} of a contract). */
  public static final java.util.List<String> RULES = java.util.List.of(IncidentBook.DEVICE_DOWN, HealthRules.DISK_FULL,
      HealthRules.TEMPERATURE, HealthRules.BATTERY_WORN, IncidentBook.PATCH_WINDOW_MISSED);
  public static final java.util.List<String> PRIORITIES = java.util.List.of("P1", "P2", "P3", "P4");
}
