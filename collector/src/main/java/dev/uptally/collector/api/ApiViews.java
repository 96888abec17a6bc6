package dev.uptally.collector.api;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import java.time.Instant;
import java.util.List;

/** JSON shapes of API v1 (the design's contract). Times are ISO-8601 UTC, durations seconds. */
public final class ApiViews {

  private ApiViews() {}

  /**
   * @param cause why a {@code down} device is down ({@code crash}, {@code shutdown} or {@code silent}); null in every
   *     other state
   * @param since start of the current non-up state; null when up or never heard from
   * @param retiredAt when the device left service, null while in service (state {@code retired})
   * @param retiredReason {@code failed}, {@code replaced} or {@code decommissioned}; null while in service
   */
  public record DeviceView(
      String deviceId,
      String clientId,
      String hostname,
      String deviceClass,
      String state,
      String cause,
      Instant since,
      Instant lastHeartbeat,
      Health health,
      Inventory inventory,
      Long droppedSamples,
      Instant retiredAt,
      String retiredReason,
      String retiredNote) {}

  /** @param cause null unless state is down */
  public record TimelineEntry(Instant start, Instant end, String state, String cause, boolean planned) {}

  /** A null figure is undefined (no failures in the window). */
  public record SlaView(
      Instant from,
      Instant to,
      Double availability,
      Double targetPercent,
      long measuredSeconds,
      long downSeconds,
      long failures,
      long uptimeSeconds,
      Double mttfSeconds,
      Double mttrSeconds,
      Double mtbfSeconds,
      double mtbfLowerSeconds,
      double confidence,
      List<Outage> outages) {}

  /** @param counted whether it counts as downtime under the device's contract */
  public record Outage(Instant start, Instant end, long durationSeconds, String cause, boolean planned, boolean counted,
      boolean failure) {}

  public record ReliabilityRow(
      String group,
      int devices,
      long failures,
      long uptimeSeconds,
      long failureDowntimeSeconds,
      Double mttfSeconds,
      Double mttrSeconds,
      Double mtbfSeconds,
      double mtbfLowerSeconds,
      double confidence) {}
}
