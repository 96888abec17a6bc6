package dev.uptally.collector.incident;

import java.time.Instant;

/**
 * A broken promise, as the API shows it (DESIGN.md "Collector API").
 *
 * @param type {@code patch-window-missed} (party {@code customer}; start/end = the window),
 *     {@code availability-below-target}, {@code response-breach}, {@code resolution-breach} (party {@code msp})
 * @param party {@code customer} or {@code msp}
 * @param deviceId null for client-wide violations
 * @param cause the dominant non-up cause for a missed patch window (shutdown, asleep, silent, crash, unknown), else null
 */
public record Violation(String id, String type, String party, String clientId, String deviceId, Instant start,
    Instant end, String cause, String detail) {

  /** The types of violation the contract engine records. */
  public static final java.util.List<String> TYPES = java.util.List.of(Occurrences.PATCH_WINDOW, Occurrences.MONTH,
      IncidentBook.RESPONSE_BREACH, IncidentBook.RESOLUTION_BREACH);
  /** The causes a missed patch window may carry (the dominant non-up state of the window). */
  public static final java.util.List<String> CAUSES = java.util.List.of("shutdown", "asleep", "silent", "crash",
      "unknown");
}
