package dev.uptally.collector.store.jdbc;

import dev.uptally.collector.incident.Incident;
import dev.uptally.collector.incident.TrackedIncident;
import dev.uptally.collector.incident.TrackedViolation;
import dev.uptally.collector.incident.Violation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** SQL text and row mapping of the contract tables ({@code V2__contracts.sql} and later), common to both databases. */
final class ContractRows {

  static final String VIOLATION_COLUMNS = "id, type, party, client_id, device_id, start_ms, end_ms, cause, detail,"
      + " incident_id, evidence_ms, withdrawn_ms";

  /** Ignores a clash with any unique index: the same id, the same device and window, the same incident's breach. */
  static final String INSERT_VIOLATION = "INSERT INTO violations (" + VIOLATION_COLUMNS
      + ", created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

  static final String UPDATE_VIOLATION = "UPDATE violations SET cause = ?, detail = ?, evidence_ms = ?,"
      + " withdrawn_ms = CASE WHEN ? = 1 THEN coalesce(withdrawn_ms, ?) ELSE NULL END WHERE id = ?";

  static final String INCIDENT_COLUMNS = "id, client_id, device_id, rule, priority, state, opened_ms, escalate_ms,"
      + " response_due_ms, resolution_due_ms, acknowledged_ms, acknowledged_by, ack_note, resolved_ms, resolved_by,"
      + " resolution, resolve_note, escalated, response_breached, resolution_breached, detail";

  /**
   * Not {@code INSERT OR REPLACE}: that would resolve a clash with the one-unresolved-per-device-and-rule index by
   * deleting the other incident; an upsert on the id lets that clash fail instead.
   */
  static final String UPSERT_INCIDENT = "INSERT INTO incidents (" + INCIDENT_COLUMNS
      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
      + String.join(", ", java.util.Arrays.stream(INCIDENT_COLUMNS.split(",\\s*")).skip(1)
          .map(c -> c + " = excluded." + c).toList());

  static final String INSERT_EVENT = "INSERT INTO outbox (id, type, created_at, payload) VALUES (?, ?, ?, ?)";

  static final String UPSERT_STATE = DeviceRows.upsert("contract_state", "key, value");

  static final String UPSERT_JUDGED_RANGE =
      DeviceRows.upsert("contract_devices", "device_id, client_id, evidence_ms, judged_until_ms");

  private ContractRows() {}

  static void bindViolation(PreparedStatement ps, TrackedViolation t, long nowMillis) throws SQLException {
    Violation v = t.violation();
    ps.setString(1, v.id());
    ps.setString(2, v.type());
    ps.setString(3, v.party());
    ps.setString(4, v.clientId());
    ps.setString(5, v.deviceId());
    ps.setLong(6, v.start().toEpochMilli());
    ps.setLong(7, v.end().toEpochMilli());
    ps.setString(8, v.cause());
    ps.setString(9, v.detail());
    ps.setString(10, t.incidentId());
    setLong(ps, 11, t.evidenceMillis());
    setLong(ps, 12, t.withdrawn() ? nowMillis : null);
    ps.setLong(13, nowMillis);
  }

  static TrackedViolation violation(ResultSet rs) throws SQLException {
    Violation v = new Violation(rs.getString("id"), rs.getString("type"), rs.getString("party"),
        rs.getString("client_id"), rs.getString("device_id"), Instant.ofEpochMilli(rs.getLong("start_ms")),
        Instant.ofEpochMilli(rs.getLong("end_ms")), rs.getString("cause"), rs.getString("detail"));
    rs.getLong("withdrawn_ms");
    boolean withdrawn = !rs.wasNull();
    return new TrackedViolation(v, rs.getString("incident_id"), getLong(rs, "evidence_ms"), withdrawn);
  }

  static void bindIncident(PreparedStatement ps, TrackedIncident t) throws SQLException {
    Incident i = t.incident();
    ps.setString(1, i.id());
    ps.setString(2, i.clientId());
    ps.setString(3, i.deviceId());
    ps.setString(4, i.rule());
    ps.setString(5, i.priority());
    ps.setString(6, i.state());
    ps.setLong(7, i.openedAt().toEpochMilli());
    ps.setLong(8, t.escalateMillis());
    ps.setLong(9, i.responseDue().toEpochMilli());
    ps.setLong(10, i.resolutionDue().toEpochMilli());
    setLong(ps, 11, millis(i.acknowledgedAt()));
    ps.setString(12, i.acknowledgedBy());
    ps.setString(13, t.ackNote());
    setLong(ps, 14, millis(i.resolvedAt()));
    ps.setString(15, i.resolvedBy());
    ps.setString(16, i.resolution());
    ps.setString(17, t.resolveNote());
    ps.setInt(18, i.escalated() ? 1 : 0);
    ps.setInt(19, t.responseBreached() ? 1 : 0);
    ps.setInt(20, t.resolutionBreached() ? 1 : 0);
    ps.setString(21, i.detail());
  }

  static TrackedIncident incident(ResultSet rs) throws SQLException {
    Incident i = new Incident(rs.getString("id"), rs.getString("client_id"), rs.getString("device_id"),
        rs.getString("rule"), rs.getString("priority"), rs.getString("state"), instant(rs, "opened_ms"),
        instant(rs, "response_due_ms"), instant(rs, "resolution_due_ms"), instant(rs, "acknowledged_ms"),
        rs.getString("acknowledged_by"), instant(rs, "resolved_ms"), rs.getString("resolved_by"),
        rs.getString("resolution"), rs.getInt("escalated") != 0, rs.getString("detail"), rs.getString("ack_note"),
        rs.getString("resolve_note"));
    return new TrackedIncident(i, rs.getLong("escalate_ms"), rs.getInt("response_breached") != 0,
        rs.getInt("resolution_breached") != 0);
  }

  private static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Long v = getLong(rs, column);
    return v == null ? null : Instant.ofEpochMilli(v);
  }

  private static Long getLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }
}
