package dev.uptally.collector.store.jdbc;

import dev.uptally.collector.audit.AuditEntry;
import dev.uptally.collector.incident.ContractStore;
import dev.uptally.collector.incident.ContractTransaction;
import dev.uptally.collector.incident.Incident;
import dev.uptally.collector.incident.JudgedRange;
import dev.uptally.collector.incident.OutboxEvent;
import dev.uptally.collector.incident.PatchMisses;
import dev.uptally.collector.incident.TrackedIncident;
import dev.uptally.collector.incident.TrackedViolation;
import dev.uptally.collector.incident.Violation;
import dev.uptally.collector.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Violations, incidents, their links, the outbox and the engine's state (tables of {@code V2__contracts.sql} and
 * later) in either database. Thread-safe; reads made inside {@link #write} on its thread see its changes.
 */
public final class JdbcContractStore implements ContractStore {

  private final Database db;
  private final String selectOutbox;

  public JdbcContractStore(Database db) {
    this.db = db;
    this.selectOutbox = db.dialect().sql("SELECT * FROM outbox ORDER BY created_at, {outbox_order}");
  }

  @Override
  public void write(String operation, Consumer<ContractTransaction> work) {
    db.write(operation, c -> {
      work.accept(new Tx(c, operation));
      return null;
    });
  }

  @Override
  public List<TrackedIncident> unresolvedIncidents() {
    return query("unresolved incidents", "SELECT * FROM incidents WHERE state <> 'resolved' ORDER BY opened_ms",
        ps -> {}, ContractRows::incident);
  }

  @Override
  public Optional<TrackedIncident> incident(String id) {
    return query("incident " + id, "SELECT * FROM incidents WHERE id = ?", ps -> ps.setString(1, id),
        ContractRows::incident).stream().findFirst();
  }

  /** Incidents open at some time in {@code [from, to)}; null filters mean all. Newest first. */
  @Override
  public List<Incident> incidents(String state, String clientId, long fromMillis, long toMillis) {
    return query("incidents", "SELECT * FROM incidents WHERE (? IS NULL OR state = ?) AND (? IS NULL OR client_id = ?)"
        + " AND opened_ms < ? AND (resolved_ms IS NULL OR resolved_ms >= ?) ORDER BY opened_ms DESC, id", ps -> {
          ps.setString(1, state);
          ps.setString(2, state);
          ps.setString(3, clientId);
          ps.setString(4, clientId);
          ps.setLong(5, toMillis);
          ps.setLong(6, fromMillis);
        }, rs -> ContractRows.incident(rs).incident());
  }

  /** Violations (not withdrawn) overlapping {@code [from, to)}; null filters mean all. In start order. */
  @Override
  public List<Violation> violations(String clientId, String party, long fromMillis, long toMillis) {
    return query("violations", "SELECT * FROM violations WHERE withdrawn_ms IS NULL AND (? IS NULL OR client_id = ?)"
        + " AND (? IS NULL OR party = ?) AND start_ms < ? AND end_ms > ? ORDER BY start_ms, id", ps -> {
          ps.setString(1, clientId);
          ps.setString(2, clientId);
          ps.setString(3, party);
          ps.setString(4, party);
          ps.setLong(5, toMillis);
          ps.setLong(6, fromMillis);
        }, rs -> ContractRows.violation(rs).violation());
  }

  /**
   * Patch windows each device has missed since it was first judged, counting verdicts later withdrawn too (a
   * miss that was reported stays reported), so the counts only grow: one row per client and device.
   */
  @Override
  public List<PatchMisses> patchWindowMisses() {
    return query("patch-window misses", "SELECT client_id, device_id, COUNT(*) AS misses FROM violations"
        + " WHERE type = 'patch-window-missed' AND device_id IS NOT NULL GROUP BY client_id, device_id", ps -> { },
        rs -> new PatchMisses(rs.getString("client_id"), rs.getString("device_id"), rs.getLong("misses")));
  }

  /** Ids of the violations the incident stands for that are not withdrawn. */
  @Override
  public List<String> standingViolationsOf(String incidentId) {
    return query("standing violations of incident " + incidentId, "SELECT v.id FROM incident_violations l"
        + " JOIN violations v ON v.id = l.violation_id WHERE l.incident_id = ? AND v.withdrawn_ms IS NULL",
        ps -> ps.setString(1, incidentId), rs -> rs.getString(1));
  }

  /** The device's violation of {@code type} for the window starting at {@code startMillis}, withdrawn or not. */
  @Override
  public Optional<TrackedViolation> violation(String type, String deviceId, long startMillis) {
    return query("violation " + type + " of " + deviceId + " at " + startMillis, "SELECT * FROM violations"
        + " WHERE type = ? AND device_id = ? AND start_ms = ? AND incident_id IS NULL", ps -> {
          ps.setString(1, type);
          ps.setString(2, deviceId);
          ps.setLong(3, startMillis);
        }, ContractRows::violation).stream().findFirst();
  }

  @Override
  public Optional<TrackedViolation> violation(String id) {
    return query("violation " + id, "SELECT * FROM violations WHERE id = ?", ps -> ps.setString(1, id),
        ContractRows::violation).stream().findFirst();
  }

  /** Outbox events in creation order (diagnostics and tests; delivery reads the table itself). */
  @Override
  public List<OutboxEvent> outbox() {
    return query("outbox", selectOutbox, ps -> {},
        rs -> new OutboxEvent(rs.getString("id"), rs.getString("type"), rs.getLong("created_at"),
            rs.getString("payload")));
  }

  /**
   * The device's verdicts of {@code types} (withdrawn ones too; breaches excluded) for occurrences ending in
   * {@code (afterMillis, upToMillis]}, in end order.
   */
  @Override
  public List<TrackedViolation> verdicts(String deviceId, List<String> types, long afterMillis, long upToMillis) {
    String in = String.join(", ", Collections.nCopies(types.size(), "?"));
    return query("verdicts of device " + deviceId, "SELECT * FROM violations WHERE device_id = ? AND incident_id IS NULL"
        + " AND type IN (" + in + ") AND end_ms > ? AND end_ms <= ? ORDER BY end_ms, start_ms", ps -> {
          int i = 1;
          ps.setString(i++, deviceId);
          for (String t : types) {
            ps.setString(i++, t);
          }
          ps.setLong(i++, afterMillis);
          ps.setLong(i, upToMillis);
        }, ContractRows::violation);
  }

  /** How far every device's occurrences have been judged. */
  @Override
  public List<JudgedRange> judgedRanges() {
    return query("judged ranges", "SELECT device_id, client_id, evidence_ms, judged_until_ms FROM contract_devices",
        ps -> {}, rs -> new JudgedRange(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
  }

  @Override
  public OptionalLong state(String key) {
    List<Long> v = query("contract state " + key, "SELECT value FROM contract_state WHERE key = ?",
        ps -> ps.setString(1, key), rs -> rs.getLong(1));
    return v.isEmpty() ? OptionalLong.empty() : OptionalLong.of(v.get(0));
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String operation, String sql, Binder binder, RowMapper<T> mapper) {
    return db.read(operation, c -> {
      List<T> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        binder.bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(mapper.map(rs));
          }
        }
      }
      return out;
    });
  }

  /** The transaction handed to {@link #write}; SQL failures surface as {@link StoreException}. */
  private final class Tx implements ContractTransaction {
    private final Connection c;
    private final String transaction;

    Tx(Connection c, String transaction) {
      this.c = c;
      this.transaction = transaction;
    }

    @Override
    public boolean insertViolation(TrackedViolation v, long nowMillis) {
      return update("insert violation " + v.id(), ContractRows.INSERT_VIOLATION,
          ps -> ContractRows.bindViolation(ps, v, nowMillis)) == 1;
    }

    @Override
    public void updateViolation(TrackedViolation v, long nowMillis) {
      update("update violation " + v.id(), ContractRows.UPDATE_VIOLATION, ps -> {
        ps.setString(1, v.violation().cause());
        ps.setString(2, v.violation().detail());
        if (v.evidenceMillis() == null) {
          ps.setNull(3, Types.BIGINT);
        } else {
          ps.setLong(3, v.evidenceMillis());
        }
        ps.setInt(4, v.withdrawn() ? 1 : 0);
        ps.setLong(5, nowMillis);
        ps.setString(6, v.id());
      });
    }

    @Override
    public void linkViolation(String incidentId, String violationId) {
      update("link incident " + incidentId + " to violation " + violationId,
          "INSERT INTO incident_violations (incident_id, violation_id) VALUES (?, ?) ON CONFLICT DO NOTHING", ps -> {
            ps.setString(1, incidentId);
            ps.setString(2, violationId);
          });
    }

    @Override
    public void saveIncident(TrackedIncident incident) {
      update("save incident " + incident.id(), ContractRows.UPSERT_INCIDENT,
          ps -> ContractRows.bindIncident(ps, incident));
    }

    @Override
    public void appendEvent(OutboxEvent event) {
      update("append " + event.type() + " event", ContractRows.INSERT_EVENT, ps -> {
        ps.setString(1, event.id());
        ps.setString(2, event.type());
        ps.setLong(3, event.createdAtMillis());
        ps.setString(4, event.payload());
      });
    }

    @Override
    public void appendAudit(AuditEntry entry) {
      try {
        AuditRows.insert(c, List.of(entry));
      } catch (SQLException e) {
        throw db.failure("append " + entry.action().wireName() + " audit entry in " + transaction, e);
      }
    }

    @Override
    public void saveJudgedRange(JudgedRange r) {
      update("save judged range of device " + r.deviceId(), ContractRows.UPSERT_JUDGED_RANGE, ps -> {
            ps.setString(1, r.deviceId());
            ps.setString(2, r.clientId());
            ps.setLong(3, r.evidenceMillis());
            ps.setLong(4, r.judgedUntilMillis());
          });
    }

    @Override
    public void forgetJudgedRanges(String clientId) {
      update("forget judged ranges of client " + clientId, "DELETE FROM contract_devices WHERE client_id = ?",
          ps -> ps.setString(1, clientId));
    }

    @Override
    public void setState(String key, long value) {
      update("set contract state " + key, ContractRows.UPSERT_STATE, ps -> {
        ps.setString(1, key);
        ps.setLong(2, value);
      });
    }

    private int update(String operation, String sql, Binder binder) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        binder.bind(ps);
        return ps.executeUpdate();
      } catch (SQLException e) {
        throw db.failure(operation + " in " + transaction, e);
      }
    }
  }
}
