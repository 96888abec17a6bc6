package dev.uptally.collector.store;

import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.common.time.TimeRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Writes a group of device updates inside the writer's open transaction, in list order. */
final class SqliteCommit {

  private final Connection c;

  SqliteCommit(Connection c) {
    this.c = c;
  }

  void apply(List<DeviceUpdate> updates) throws SQLException {
    try (PreparedStatement progress = c.prepareStatement(SqliteRows.UPSERT_PROGRESS);
        PreparedStatement inventory = c.prepareStatement(SqliteRows.UPSERT_INVENTORY);
        PreparedStatement health = c.prepareStatement(SqliteRows.UPSERT_HEALTH);
        PreparedStatement interval = c.prepareStatement(SqliteRows.INSERT_INTERVAL);
        PreparedStatement unreachable = c.prepareStatement(SqliteRows.INSERT_UNREACHABLE)) {
      for (DeviceUpdate u : updates) {
        try {
          apply(u, progress, inventory, health, interval, unreachable);
        } catch (SQLException e) {
          throw new SQLException("update of device " + u.deviceId() + ": " + e.getMessage(), e.getSQLState(),
              e.getErrorCode(), e);
        }
      }
    }
  }

  private static void apply(DeviceUpdate u, PreparedStatement progress, PreparedStatement inventory,
      PreparedStatement health, PreparedStatement interval, PreparedStatement unreachable) throws SQLException {
    String id = u.deviceId();
    if (u.progress() != null) {
      SqliteRows.bindProgress(progress, id, u.progress());
      progress.executeUpdate();
    }
    if (u.inventory() != null) {
      inventory.setString(1, id);
      inventory.setString(2, SqliteRows.toJson(u.inventory()));
      inventory.setLong(3, u.receivedMillis());
      inventory.executeUpdate();
    }
    health.setString(1, id);
    health.setString(2, SqliteRows.toJson(u.health()));
    health.setLong(3, u.receivedMillis());
    health.executeUpdate();
    for (TimelineInterval i : u.closedIntervals()) {
      SqliteRows.bindInterval(interval, id, i);
      interval.executeUpdate();
    }
    for (TimeRange r : u.unreachable()) {
      unreachable.setString(1, id);
      unreachable.setLong(2, r.startMillis());
      unreachable.setLong(3, r.endMillis());
      unreachable.executeUpdate();
    }
  }
}
