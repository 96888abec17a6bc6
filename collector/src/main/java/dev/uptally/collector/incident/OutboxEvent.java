package dev.uptally.collector.incident;

/**
 * One notification event as stored in the {@code outbox} table, written in the transaction of the change that
 * caused it.
 *
 * @param type {@code incident.opened}, {@code incident.escalated}, {@code incident.resolved}, {@code violation.opened}
 * @param createdAtMillis epoch millis (collector clock)
 * @param payload JSON {@code {"id","type","at","incident":{…}}} or {@code {…,"violation":{…}}}
 */
public record OutboxEvent(String id, String type, long createdAtMillis, String payload) {

  public OutboxEvent {
    if (id == null || type == null || payload == null) {
      throw new IllegalArgumentException("outbox event needs id, type and payload: " + id + "/" + type);
    }
  }
}
