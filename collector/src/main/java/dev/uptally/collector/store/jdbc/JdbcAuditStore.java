package dev.uptally.collector.store.jdbc;

import dev.uptally.collector.audit.AuditEntry;
import dev.uptally.collector.audit.AuditQuery;
import dev.uptally.collector.audit.AuditStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** {@link AuditStore} on either database: the {@code audit_log} table of migration V8. Thread-safe. */
public final class JdbcAuditStore implements AuditStore {

  private static final String WHERE = " FROM audit_log WHERE at_ms >= ? AND at_ms < ? AND (? IS NULL OR action = ?)";

  private final Database db;

  public JdbcAuditStore(Database db) {
    this.db = db;
  }

  @Override
  public void append(List<AuditEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    db.write("append " + entries.size() + " audit entries", c -> {
      AuditRows.insert(c, entries);
      return null;
    });
  }

  @Override
  public List<AuditEntry> entries(AuditQuery q) {
    return db.read("audit entries", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + AuditRows.COLUMNS + WHERE
          + " ORDER BY at_ms DESC, id DESC LIMIT ? OFFSET ?")) {
        bind(ps, q);
        ps.setInt(5, q.limit());
        ps.setInt(6, q.offset());
        List<AuditEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(AuditRows.entry(rs));
          }
        }
        return out;
      }
    });
  }

  @Override
  public long count(AuditQuery q) {
    return db.read("audit entry count", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + WHERE)) {
        bind(ps, q);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  @Override
  public long pruneBefore(long beforeMillis) {
    return db.write("prune audit entries before " + beforeMillis, c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM audit_log WHERE at_ms < ?")) {
        ps.setLong(1, beforeMillis);
        return (long) ps.executeUpdate();
      }
    });
  }

  private static void bind(PreparedStatement ps, AuditQuery q) throws SQLException {
    String action = q.action() == null ? null : q.action().wireName();
    ps.setLong(1, q.fromMillis());
    ps.setLong(2, q.toMillis());
    ps.setString(3, action);
    ps.setString(4, action);
  }
}
