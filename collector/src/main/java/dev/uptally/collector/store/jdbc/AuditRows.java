package dev.uptally.collector.store.jdbc;

import dev.uptally.collector.audit.AuditAction;
import dev.uptally.collector.audit.AuditEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The {@code audit_log} table (migration V8): the insert every store runs inside its own transaction when an action
 * it writes carries audit entries, and the row mapping. The id is the database's (rowid, identity).
 */
final class AuditRows {

  static final String COLUMNS = "id, at_ms, token_name, address, action, target, detail";
  private static final String INSERT = "INSERT INTO audit_log (at_ms, token_name, address, action, target, detail)"
      + " VALUES (?, ?, ?, ?, ?, ?)";

  private AuditRows() {}

  /** Inserts the entries on {@code c}, which must be inside a write transaction (the action's own). */
  static void insert(Connection c, List<AuditEntry> entries) throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (AuditEntry e : entries) {
        ps.setLong(1, e.atMillis());
        ps.setString(2, e.tokenName());
        ps.setString(3, e.address());
        ps.setString(4, e.action().wireName());
        ps.setString(5, e.target());
        ps.setString(6, e.detail());
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw new SQLException("audit entries (" + entries.size() + "): " + e.getMessage(), e.getSQLState(),
          e.getErrorCode(), e);
    }
  }

  static AuditEntry entry(ResultSet rs) throws SQLException {
    return new AuditEntry(rs.getLong("id"), rs.getLong("at_ms"), rs.getString("token_name"), rs.getString("address"),
        AuditAction.fromWire(rs.getString("action")), rs.getString("target"), rs.getString("detail"));
  }
}
