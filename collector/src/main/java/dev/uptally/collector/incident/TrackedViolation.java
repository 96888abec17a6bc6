package dev.uptally.collector.incident;

/**
 * A violation with the engine's bookkeeping.
 *
 * @param incidentId for breaches: the incident whose target was missed, else null
 * @param evidenceMillis for patch windows: time of the newest sample the verdict saw (a verdict is final once this
 *     reaches the window's end), else null
 * @param withdrawn true when later evidence withdrew the violation (it no longer shows in the API)
 */
public record TrackedViolation(Violation violation, String incidentId, Long evidenceMillis, boolean withdrawn) {

  public TrackedViolation {
    if (violation == null) {
      throw new IllegalArgumentException("violation must not be null");
    }
  }

  public String id() {
    return violation.id();
  }
}
