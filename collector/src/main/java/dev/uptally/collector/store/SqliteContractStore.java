package dev.uptally.collector.store;

import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.incident.Incident;
import dev.uptally.collector.incident.OutboxEvent;
import dev.uptally.collector.incident.TrackedIncident;
import dev.uptally.collector.incident.TrackedViolation;
import dev.uptally.collector.incident.Violation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Violations, incidents and the outbox in the main SQLite file (tables of {@code V2__contracts.sql}, applied by
 * {@link SqliteStore#open}). It has its own connection to the file: WAL and the busy timeout let it take turns with
 * the store's writer. Contract data is small and read rarely, so one connection serves reads and writes.
 *
 * <p>Thread-safe (calls are serialised). Every failure is a {@link StoreException} naming the operation.
 */
public final class SqliteContractStore implements AutoCloseable {

  private final Path file;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;

  private SqliteContractStore(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** Opens the contract tables of a main database file that {@link SqliteStore#open} has already migrated. */
  public static SqliteContractStore open(Path mainFile) {
    Path file = mainFile.toAbsolutePath().normalize();
    try {
      return new SqliteContractStore(file, SqliteConnections.openWritable(file, "FULL"));
    } catch (SQLException e) {
      throw new StoreException("open: cannot open contract tables in " + file + ": " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} in one immediate transaction; durable when it returns. */
  public void write(String operation, Consumer<ContractTransaction> work) {
    run(operation, c -> {
      try (Statement st = c.createStatement()) {
        st.executeUpdate("BEGIN IMMEDIATE");
        try {
          work.accept(new Tx(c));
          st.executeUpdate("COMMIT");
        } catch (SQLException | RuntimeException e) {
          rollback(st, e);
          throw e;
        }
      }
      return null;
    });
  }

  public List<TrackedIncident> unresolvedIncidents() {
    return query("unresolved incidents", "SELECT * FROM incidents WHERE state <> 'resolved' ORDER BY opened_ms",
        ps -> {}, SqliteContractRows::incident);
  }

  public Optional<TrackedIncident> incident(String id) {
    return query("incident " + id, "SELECT * FROM incidents WHERE id = ?", ps -> ps.setString(1, id),
        SqliteContractRows::incident).stream().findFirst();
  }

  /** Incidents open at some time in {@code [from, to)}; null filters mean all. Newest first. */
  public List<Incident> incidents(String state, String clientId, long fromMillis, long toMillis) {
    return query("incidents", "SELECT * FROM incidents WHERE (? IS NULL OR state = ?) AND (? IS NULL OR client_id = ?)"
        + " AND opened_ms < ? AND (resolved_ms IS NULL OR resolved_ms >= ?) ORDER BY opened_ms DESC, id", ps -> {
          ps.setString(1, state);
          ps.setString(2, state);
          ps.setString(3, clientId);
          ps.setString(4, clientId);
          ps.setLong(5, toMillis);
          ps.setLong(6, fromMillis);
        }, rs -> SqliteContractRows.incident(rs).incident());
  }

  /** Violations (not withdrawn) overlapping {@code [from, to)}; null filters mean all. In start order. */
  public List<Violation> violations(String clientId, String party, long fromMillis, long toMillis) {
    return query("violations", "SELECT * FROM violations WHERE withdrawn_ms IS NULL AND (? IS NULL OR client_id = ?)"
        + " AND (? IS NULL OR party = ?) AND start_ms < ? AND end_ms > ? ORDER BY start_ms, id", ps -> {
          ps.setString(1, clientId);
          ps.setString(2, clientId);
          ps.setString(3, party);
          ps.setString(4, party);
          ps.setLong(5, toMillis);
          ps.setLong(6, fromMillis);
        }, rs -> SqliteContractRows.violation(rs).violation());
  }

  /**
   * Patch windows each device has missed since it was first judged, counting verdicts later withdrawn too (a
   * miss that was reported stays reported), so the counts only grow: one row per client and device.
   */
  public List<PatchMisses> patchWindowMisses() {
    return query("patch-window misses", "SELECT client_id, device_id, COUNT(*) AS misses FROM violations"
        + " WHERE type = 'patch-window-missed' AND device_id IS NOT NULL GROUP BY client_id, device_id", ps -> { },
        rs -> new PatchMisses(rs.getString("client_id"), rs.getString("device_id"), rs.getLong("misses")));
  }

  /** @param misses patch windows the device missed, withdrawn verdicts included */
  public record PatchMisses(String clientId, String deviceId, long misses) {}

  /** Ids of the violations the incident stands for that are not withdrawn. */
  public List<String> standingViolationsOf(String incidentId) {
    return query("standing violations of incident " + incidentId, "SELECT v.id FROM incident_violations l"
        + " JOIN violations v ON v.id = l.violation_id WHERE l.incident_id = ? AND v.withdrawn_ms IS NULL",
        ps -> ps.setString(1, incidentId), rs -> rs.getString(1));
  }

  /** The device's violation of {@code type} for the window starting at {@code startMillis}, withdrawn or not. */
  public Optional<TrackedViolation> violation(String type, String deviceId, long startMillis) {
    return query("violation " + type + " of " + deviceId + " at " + startMillis, "SELECT * FROM violations"
        + " WHERE type = ? AND device_id = ? AND start_ms = ? AND incident_id IS NULL", ps -> {
          ps.setString(1, type);
          ps.setString(2, deviceId);
          ps.setLong(3, startMillis);
        }, SqliteContractRows::violation).stream().findFirst();
  }

  public Optional<TrackedViolation> violation(String id) {
    return query("violation " + id, "SELECT * FROM violations WHERE id = ?", ps -> ps.setString(1, id),
        SqliteContractRows::violation).stream().findFirst();
  }

  /** Outbox events in creation order (diagnostics and tests; delivery reads the table itself). */
  public List<OutboxEvent> outbox() {
    return query("outbox", "SELECT * FROM outbox ORDER BY created_at, rowid", ps -> {},
        rs -> new OutboxEvent(rs.getString("id"), rs.getString("type"), rs.getLong("created_at"),
            rs.getString("payload")));
  }

  /**
   * The device's verdicts of {@code types} (withdrawn ones too; breaches excluded) for occurrences ending in
   * {@code (afterMillis, upToMillis]}, in end order.
   */
  public List<TrackedViolation> verdicts(String deviceId, List<String> types, long afterMillis, long upToMillis) {
    String in = String.join(", ", java.util.Collections.nCopies(types.size(), "?"));
    return query("verdicts of device " + deviceId, "SELECT * FROM violations WHERE device_id = ? AND incident_id IS NULL"
        + " AND type IN (" + in + ") AND end_ms > ? AND end_ms <= ? ORDER BY end_ms, start_ms", ps -> {
          int i = 1;
          ps.setString(i++, deviceId);
          for (String t : types) {
            ps.setString(i++, t);
          }
          ps.setLong(i++, afterMillis);
          ps.setLong(i, upToMillis);
        }, SqliteContractRows::violation);
  }

  /** How far every device's occurrences have been judged. */
  public List<JudgedRange> judgedRanges() {
    return query("judged ranges", "SELECT device_id, client_id, evidence_ms, judged_until_ms FROM contract_devices",
        ps -> {}, rs -> new JudgedRange(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
  }

  public OptionalLong state(String key) {
    List<Long> v = query("contract state " + key, "SELECT value FROM contract_state WHERE key = ?",
        ps -> ps.setString(1, key), rs -> rs.getLong(1));
    return v.isEmpty() ? OptionalLong.empty() : OptionalLong.of(v.get(0));
  }

  /** Durable progress and stored intervals of a device overlapping {@code [from, to)}, from one snapshot. */
  public ContractHistory history(String deviceId, long fromMillis, long toMillis) {
    return run("history of device " + deviceId, c -> {
      try (Statement st = c.createStatement()) {
        st.executeUpdate("BEGIN");
        try {
          DeviceProgress progress = DeviceProgress.NONE;
          try (PreparedStatement ps = c.prepareStatement(SqliteContractRows.SELECT_PROGRESS)) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                progress = SqliteContractRows.progress(rs);
              }
            }
          }
          List<TimelineInterval> intervals = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(SqliteRows.SELECT_INTERVALS)) {
            ps.setString(1, deviceId);
            ps.setLong(2, toMillis);
            ps.setLong(3, fromMillis);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                intervals.add(SqliteRows.interval(rs));
              }
            }
          }
          st.executeUpdate("COMMIT");
          return new ContractHistory(progress, intervals);
        } catch (SQLException | RuntimeException e) {
          rollback(st, e);
          throw e;
        }
      }
    });
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        connection.close();
      }
    } catch (SQLException e) {
      throw new StoreException("close: cannot close contract tables of " + file, e);
    } finally {
      lock.unlock();
    }
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> List<T> query(String operation, String sql, Binder binder, RowMapper<T> mapper) {
    return run(operation, c -> {
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

  private <T> T run(String operation, SqlWork<T> work) {
    lock.lock();
    try {
      if (closed) {
        throw new StoreException(operation + ": the contract tables of " + file + " are closed");
      }
      return work.run(connection);
    } catch (SQLException e) {
      throw new StoreException(operation + " failed on " + file + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private static void rollback(Statement st, Exception cause) {
    try {
      st.executeUpdate("ROLLBACK");
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** The transaction handed to {@link #write}; SQL failures surface as {@link StoreException}. */
  private final class Tx implements ContractTransaction {
    private final Connection c;

    Tx(Connection c) {
      this.c = c;
    }

    @Override
    public boolean insertViolation(TrackedViolation v, long nowMillis) {
      return update("insert violation " + v.id(), SqliteContractRows.INSERT_VIOLATION,
          ps -> SqliteContractRows.bindViolation(ps, v, nowMillis)) == 1;
    }

    @Override
    public void updateViolation(TrackedViolation v, long nowMillis) {
      update("update violation " + v.id(), SqliteContractRows.UPDATE_VIOLATION, ps -> {
        ps.setString(1, v.violation().cause());
        ps.setString(2, v.violation().detail());
        if (v.evidenceMillis() == null) {
          ps.setNull(3, java.sql.Types.INTEGER);
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
          "INSERT OR IGNORE INTO incident_violations (incident_id, violation_id) VALUES (?, ?)", ps -> {
            ps.setString(1, incidentId);
            ps.setString(2, violationId);
          });
    }

    @Override
    public void saveIncident(TrackedIncident incident) {
      update("save incident " + incident.id(), SqliteContractRows.UPSERT_INCIDENT,
          ps -> SqliteContractRows.bindIncident(ps, incident));
    }

    @Override
    public void appendEvent(OutboxEvent event) {
      update("append " + event.type() + " event", SqliteContractRows.INSERT_EVENT, ps -> {
        ps.setString(1, event.id());
        ps.setString(2, event.type());
        ps.setLong(3, event.createdAtMillis());
        ps.setString(4, event.payload());
      });
    }

    @Override
    public void saveJudgedRange(JudgedRange r) {
      update("save judged range of device " + r.deviceId(), "INSERT OR REPLACE INTO contract_devices"
          + " (device_id, client_id, evidence_ms, judged_until_ms) VALUES (?, ?, ?, ?)", ps -> {
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
      update("set contract state " + key, SqliteContractRows.UPSERT_STATE, ps -> {
        ps.setString(1, key);
        ps.setLong(2, value);
      });
    }

    private int update(String operation, String sql, Binder binder) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        binder.bind(ps);
        return ps.executeUpdate();
      } catch (SQLException e) {
        throw new StoreException(operation + " failed on " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
