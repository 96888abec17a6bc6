package dev.uptally.collector.store.jdbc;

import dev.uptally.collector.notify.Delivery;
import dev.uptally.collector.notify.DeliveryLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code webhook_delivery} table beside the {@code outbox} (migration V3) in either database. Every method is one
 * transaction. Thread-safe (the dispatcher calls it from one thread).
 */
public final class JdbcDeliveryLog implements DeliveryLog {

  private final Database db;

  public JdbcDeliveryLog(Database db) {
    this.db = db;
  }

  /**
   * Creates a delivery row, due at {@code nowMillis}, for every outbox event of one of {@code types} created at or
   * after {@code sinceMillis} that has none yet for this webhook.
   *
   * @return rows created
   */
  @Override
  public int fanOut(String webhook, List<String> types, long sinceMillis, long nowMillis) {
    if (types.isEmpty()) {
      return 0;
    }
    String sql = "INSERT INTO webhook_delivery (event_id, webhook, attempts, next_attempt_at) "
        + "SELECT id, ?, 0, ? FROM outbox WHERE created_at >= ? AND type IN ("
        + String.join(",", Collections.nCopies(types.size(), "?")) + ") ON CONFLICT DO NOTHING";
    return db.write("fan-out of outbox events to webhook '" + webhook + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, webhook);
        ps.setLong(2, nowMillis);
        ps.setLong(3, sinceMillis);
        for (int i = 0; i < types.size(); i++) {
          ps.setString(4 + i, types.get(i));
        }
        return ps.executeUpdate();
      }
    });
  }

  /**
   * Undelivered rows of the named webhooks due at {@code nowMillis}, oldest due first, at most {@code limit}. Rows of
   * a webhook no longer configured stay in the table, untouched, and do not take the batch's places.
   */
  @Override
  public List<Delivery> due(List<String> webhooks, long nowMillis, int limit) {
    if (webhooks.isEmpty()) {
      return List.of();
    }
    String sql = "SELECT d.event_id, d.webhook, d.attempts, o.type, o.created_at, o.payload "
        + "FROM webhook_delivery d JOIN outbox o ON o.id = d.event_id "
        + "WHERE d.delivered_at IS NULL AND d.next_attempt_at IS NOT NULL AND d.next_attempt_at <= ? "
        + "AND d.webhook IN (" + String.join(",", Collections.nCopies(webhooks.size(), "?")) + ") "
        + "ORDER BY d.next_attempt_at, o.created_at, d.event_id LIMIT ?";
    return db.read("reading due webhook deliveries", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
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
      }
    });
  }

  @Override
  public void delivered(Delivery d, long nowMillis) {
    String sql = "UPDATE webhook_delivery SET attempts = attempts + 1, delivered_at = ?, next_attempt_at = NULL, "
        + "last_error = NULL WHERE event_id = ? AND webhook = ?";
    db.write("recording the delivery of event " + d.eventId() + " to webhook '" + d.webhook() + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(1, nowMillis);
        ps.setString(2, d.eventId());
        ps.setString(3, d.webhook());
        return ps.executeUpdate();
      }
    });
  }

  /** @param nextAttemptMillis null: give up (the row stays, undelivered, with its error) */
  @Override
  public void failed(Delivery d, Long nextAttemptMillis, String error) {
    String sql = "UPDATE webhook_delivery SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? "
        + "WHERE event_id = ? AND webhook = ?";
    String what = "recording a failed delivery of event " + d.eventId() + " to webhook '" + d.webhook() + "'";
    db.write(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        if (nextAttemptMillis == null) {
          ps.setNull(1, Types.BIGINT);
        } else {
          ps.setLong(1, nextAttemptMillis);
        }
        ps.setString(2, error);
        ps.setString(3, d.eventId());
        ps.setString(4, d.webhook());
        return ps.executeUpdate();
      }
    });
  }
}
