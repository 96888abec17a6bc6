package dev.uptally.collector.incident;

import dev.uptally.common.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Builds outbox events: {@code {"id","type","at","incident":{…}}} or {@code {…,"violation":{…}}}, API shapes. */
final class ContractEvents {

  static final String INCIDENT_OPENED = "incident.opened";
  static final String INCIDENT_ESCALATED = "incident.escalated";
  static final String INCIDENT_RESOLVED = "incident.resolved";
  static final String VIOLATION_OPENED = "violation.opened";

  private ContractEvents() {}

  static OutboxEvent incident(String type, Incident incident, long atMillis) {
    return event(type, "incident", incident, atMillis);
  }

  static OutboxEvent violation(Violation violation, long atMillis) {
    return event(VIOLATION_OPENED, "violation", violation, atMillis);
  }

  private static OutboxEvent event(String type, String key, Object body, long atMillis) {
    String id = UUID.randomUUID().toString();
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("id", id);
    payload.put("type", type);
    payload.put("at", Instant.ofEpochMilli(atMillis));
    payload.put(key, body);
    return new OutboxEvent(id, type, atMillis, Json.mapper().writeValueAsString(payload));
  }
}
