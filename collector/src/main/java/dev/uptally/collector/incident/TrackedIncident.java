package dev.uptally.collector.incident;

/**
 * An incident with the engine's bookkeeping beside the API shape: when escalation fires and which targets have
 * already been reported as breached (so that each breach is reported once).
 *
 * @param escalateMillis epoch millis at which an unacknowledged incident escalates ({@code escalateAt} × response
 *     target, in the priority's calendar)
 */
public record TrackedIncident(Incident incident, long escalateMillis, boolean responseBreached,
    boolean resolutionBreached) {

  public static final String OPEN = "open";
  public static final String ACKNOWLEDGED = "acknowledged";
  public static final String RESOLVED = "resolved";

  public TrackedIncident {
    if (incident == null) {
      throw new IllegalArgumentException("incident must not be null");
    }
  }

  public String id() {
    return incident.id();
  }

  public String ackNote() {
    return incident.ackNote();
  }

  public String resolveNote() {
    return incident.resolveNote();
  }

  public boolean resolved() {
    return RESOLVED.equals(incident.state());
  }

  public boolean acknowledged() {
    return incident.acknowledgedAt() != null;
  }
}
