package dev.uptally.collector.notify;

import dev.uptally.collector.store.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Test access to the outbox (written in production by the contract engine) and the delivery log. */
final class Outbox {

  private final Path db;

  /** Creates and migrates the database the way the collector does. */
  Outbox(Path db) {
    this.db = db;
    SqliteStorage.open(db).close();
  }

  /** The delivery log of the storage on this file (a new storage each call; the test's temporary directory ends it). */
  DeliveryLog deliveryLog() {
    return SqliteStorage.open(db).deliveries();
  }

  void add(String id, String type, long createdAt, String payload) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (id, type, created_at, payload) VALUES (?,?,?,?)")) {
      ps.setString(1, id);
      ps.setString(2, type);
      ps.setLong(3, createdAt);
      ps.setString(4, payload);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot add outbox event " + id + " to " + db, e);
    }
  }

  /** Row of webhook_delivery. */
  record Row(String eventId, String webhook, int attempts, Long nextAttemptAt, Long deliveredAt, String lastError) {}

  List<Row> deliveries() {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement ps = c.prepareStatement("SELECT event_id, webhook, attempts, next_attempt_at, delivered_at, "
            + "last_error FROM webhook_delivery ORDER BY event_id, webhook");
        ResultSet rs = ps.executeQuery()) {
      List<Row> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new Row(rs.getString(1), rs.getString(2), rs.getInt(3), nullable(rs, 4),
            nullable(rs, 5), rs.getString(6)));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read webhook_delivery of " + db, e);
    }
  }

  private static Long nullable(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  Path file() {
    return db;
  }
}
