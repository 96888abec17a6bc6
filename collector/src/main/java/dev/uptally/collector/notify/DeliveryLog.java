package dev.uptally.collector.notify;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * The {@code webhook_delivery} table beside the {@code outbox} in the collector's main SQLite file (migration V3),
 * on a connection of its own: the store's writer is the contract engine's, and SQLite's busy timeout serialises the
 * two. Every method is one auto-committed statement, so a crash leaves each row either before or after a step —
 * never half-way — and a restart resumes from the rows. Not thread-safe: the dispatcher calls it from one thread.
 */
final class DeliveryLog implements AutoCloseable {

  private static final int BUSY_TIMEOUT_MILLIS = 5_000;

  private final Path file;
  private final Connection connection;

  private DeliveryLog(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** Opens the main database file, which the store has already created and migrated. */
  static DeliveryLog open(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    try {
      return new DeliveryLog(file, config.createConnection("jdbc:sqlite:" + file.toAbsolutePath()));
    } catch (SQLException e) {
      throw new NotifyException("cannot open the webhook delivery log in " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates a delivery row, due at {@code nowMillis}, for every outbox event of one of {@code types} created at or
   * after {@code sinceMillis} that has none yet for this webhook.
   *
   * @return rows created
   */
  int fanOut(String webhook, List<String> types, long sinceMillis, long nowMillis) {
    if (types.isEmpty()) {
      return 0;
    }
    String sql = "INSERT OR IGNORE INTO webhook_delivery (event_id, webhook, attempts, next_attempt_at) "
        + "SELECT id, ?, 0, ? FROM outbox WHERE created_at >= ? AND type IN ("
        + String.join(",", Collections.nCopies(types.size(), "?")) + ")";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, webhook);
      ps.setLong(2, nowMillis);
      ps.setLong(3, sinceMillis);
      for (int i = 0; i < types.size(); i++) {
        ps.setString(4 + i, types.get(i));
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw failure("fan-out of outbox events to webhook '" + webhook + "'", e);
    }
  }

  /**
   * Undelivered rows of the named webhooks due at {@code nowMillis}, oldest due first, at most {@code limit}. Rows of
   * a webhook no longer configured stay in the table, untouched, and do not take the batch's places.
   */
  List<Delivery> due(List<String> webhooks, long nowMillis, int limit) {
    if (webhooks.isEmpty()) {
      return List.of();
    }
    String sql = "SELECT d.event_id, d.webhook, d.attempts, o.type, o.created_at, o.payload "
        + "FROM webhook_delivery d JOIN outbox o ON o.id = d.event_id "
        + "WHERE d.delivered_at IS NULL AND d.next_attempt_at IS NOT NULL AND d.next_attempt_at <= ? "
        + "AND d.webhook IN (" + String.join(",", Collections.nCopies(webhooks.size(), "?")) + ") "
        + "ORDER BY d.next_attempt_at, o.created_at, d.event_id LIMIT ?";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setLong(1, nowMillis);
      for (int i = 0; i < webhooks.size(); i++) {
        ps.setString(2 + i, webhooks.get(i));
      }
      ps.setInt(2 + webhooks.size(), limit);
      List<Delivery> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Delivery(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getLong(5),
              rs.getString(6)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure("reading due webhook deliveries", e);
    }
  }

  void delivered(Delivery d, long nowMillis) {
    String sql = "UPDATE webhook_delivery SET attempts = attempts + 1, delivered_at = ?, next_attempt_at = NULL, "
        + "last_error = NULL WHERE event_id = ? AND webhook = ?";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setLong(1, nowMillis);
      ps.setString(2, d.eventId());
      ps.setString(3, d.webhook());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw failure("recording the delivery of event " + d.eventId() + " to webhook '" + d.webhook() + "'", e);
    }
  }

  /** @param nextAttemptMillis null: give up (the row stays, undelivered, with its error) */
  void failed(Delivery d, Long nextAttemptMillis, String error) {
    String sql = "UPDATE webhook_delivery SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? "
        + "WHERE event_id = ? AND webhook = ?";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      if (nextAttemptMillis == null) {
        ps.setNull(1, Types.INTEGER);
      } else {
        ps.setLong(1, nextAttemptMillis);
      }
      ps.setString(2, error);
      ps.setString(3, d.eventId());
      ps.setString(4, d.webhook());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw failure("recording a failed delivery of event " + d.eventId() + " to webhook '" + d.webhook() + "'", e);
    }
  }

  private NotifyException failure(String what, SQLException e) {
    return new NotifyException(what + " failed on " + file + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("closing the webhook delivery log", e);
    }
  }
}
