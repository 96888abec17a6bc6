package dev.uptally.collector.incident;

import java.time.Instant;

/**
 * An incident opened by a rule, with its response and resolution clocks.
 *
 * @param rule {@code deviceDown}, {@code diskFull}, {@code temperature}, {@code batteryWorn}, {@code patchWindowMissed}
 * @param state {@code open}, {@code acknowledged} or {@code resolved}
 * @param responseDue when acknowledging is due, computed in the priority's calendar
 * @param resolutionDue when resolving is due, computed in the priority's calendar
 * @param resolution {@code auto} (condition cleared) or {@code manual}, null while not resolved
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
    String detail) {}
