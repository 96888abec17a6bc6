package dev.uptally.collector.portal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One client's month for the portal. Times are UTC instants (the page shows them in {@link #timezone}), durations
 * seconds, availability a ratio in [0, 1]. Immutable.
 *
 * @param language the language of the client's monthly report, and so of the portal: {@code en} (the only one)
 * @param month {@code YYYY-MM}, in the client's zone
 * @param monthInProgress whether the month has not ended yet (its figures are so far)
 * @param patchNightsKnown false when the collector runs without its contract engine: missed nights are then unknown,
 *     not none
 */
public record PortalSummary(String clientId, String clientName, String timezone, String language, String month,
    boolean monthInProgress, Instant generatedAt, List<ClassFigures> classes, List<Machine> devices,
    boolean patchNightsKnown, List<MissedPatchNight> missedPatchNights, List<Report> reports) {

  public PortalSummary {
    classes = List.copyOf(classes);
    devices = List.copyOf(devices);
    missedPatchNights = List.copyOf(missedPatchNights);
    reports = List.copyOf(reports);
  }

  /**
   * A device class's pooled month (the report's class row) and its error budget: the downtime its target allows over
   * the time measured so far, {@code (1 − target) × measured}, and what is left of it (negative once overspent).
   * Targets and budgets are null when the contract sets no target for the class.
   */
  public record ClassFigures(String deviceClass, int devices, Double targetPercent, Double availability,
      Boolean meetsTarget, long measuredSeconds, long downSeconds, Long budgetSeconds, Long budgetLeftSeconds) {}

  /**
   * A machine's state now: {@code up}, {@code down} (with {@code cause} crash, shutdown or silent), {@code asleep},
   * {@code maintenance} or {@code unknown} (never heard from).
   *
   * @param since when the current non-up state began
   */
  public record Machine(String hostname, String deviceClass, String state, String cause, Instant since,
      Instant lastHeartbeat) {}

  /** A patch window a machine was left off for; {@code night} is the local date it began. */
  public record MissedPatchNight(String hostname, LocalDate night, Instant windowStart, Instant windowEnd,
      String cause) {}

  /** A month's report, as the API serves it (with the viewer's token). */
  public record Report(String month, boolean inProgress, String htmlUrl, String csvUrl) {}
}
