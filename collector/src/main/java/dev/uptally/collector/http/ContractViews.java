package dev.uptally.collector.http;

import dev.uptally.collector.incident.Incident;
import dev.uptally.collector.incident.Violation;
import java.time.Instant;

/**
 * The JSON shapes of the contract routes: the design's incident and violation records, extended (never renamed) with
 * the device's {@code hostname} and, for incidents, which target is due next. Times are ISO-8601 UTC.
 */
final class ContractViews {

  private ContractViews() {}

  /**
   * An {@link Incident} as the API answers it.
   *
   * @param hostname the device's hostname, null when the incident is not a device's (or the device is unknown)
   * @param nextDue the target the incident must meet next: {@code responseDue} while open, {@code resolutionDue} once
   *     acknowledged, null once resolved
   * @param nextDueTarget {@code response} or {@code resolution}, null once resolved
   * @param overdue whether {@code nextDue} has passed
   */
  record IncidentView(String id, String clientId, String deviceId, String hostname, String rule, String priority,
      String state, Instant openedAt, Instant responseDue, Instant resolutionDue, Instant nextDue,
      String nextDueTarget, boolean overdue, Instant acknowledgedAt, String acknowledgedBy, String ackNote,
      Instant resolvedAt, String resolvedBy, String resolution, String resolveNote, boolean escalated,
      String detail) {

    static IncidentView of(Incident i, String hostname, long nowMillis) {
      String target = "resolved".equals(i.state()) ? null
          : i.acknowledgedAt() == null ? "response" : "resolution";
      Instant due = target == null ? null : target.equals("response") ? i.responseDue() : i.resolutionDue();
      return new IncidentView(i.id(), i.clientId(), i.deviceId(), hostname, i.rule(), i.priority(), i.state(),
          i.openedAt(), i.responseDue(), i.resolutionDue(), due, target,
          due != null && due.toEpochMilli() < nowMillis, i.acknowledgedAt(), i.acknowledgedBy(), i.ackNote(),
          i.resolvedAt(), i.resolvedBy(), i.resolution(), i.resolveNote(), i.escalated(), i.detail());
    }
  }

  /** A {@link Violation} as the API answers it; {@code hostname} null for a client-wide violation. */
  record ViolationView(String id, String type, String party, String clientId, String deviceId, String hostname,
      Instant start, Instant end, String cause, String detail) {

    static ViolationView of(Violation v, String hostname) {
      return new ViolationView(v.id(), v.type(), v.party(), v.clientId(), v.deviceId(), hostname, v.start(), v.end(),
          v.cause(), v.detail());
    }
  }

  /**
   * One device's violations of one type in the range asked for.
   *
   * @param count the violations that match the filters
   * @param of how many occurrences of the type the device was judged on in the range (patch windows, months), missed
   *     or kept; null for breaches, which are not judged per occurrence
   */
  record RollupRow(String deviceId, String hostname, String clientId, String type, String party, int count,
      Integer of) {}
}
