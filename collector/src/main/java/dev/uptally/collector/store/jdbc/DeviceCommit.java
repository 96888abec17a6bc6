package dev.uptally.collector.store.jdbc;

import dev.uptally.collector.fleet.DeviceUpdate;
import dev.uptally.collector.fleet.TimedInventory;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.common.time.TimeRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes groups of device updates inside an open write transaction, in list order, with the audit rows of those that
 * are operator actions. Its statements are prepared once and serve many groups on the same connection (the SQLite
 * store keeps one for its writer: preparing its eleven statements anew was a tenth of each group commit).
 *
 * <p>Reachability gaps are merged on write: a gap that overlaps or touches a device's stored gaps replaces them with
 * their union, so a spool replay (one gap per late request, each overlapping the last) stores one row per gap, not
 * one per request. Queries answer the same instants as with the gaps stored apart.
 */
final class DeviceCommit implements AutoCloseable {

  private final Connection c;
  private final PreparedStatement progress;
  private final PreparedStatement inventory;
  private final InventoryHistory history;
  private final PreparedStatement health;
  private final PreparedStatement interval;
  private final Gaps unreachable;

  /** Prepares the statements of a group commit on {@code c}; they stay usable for further groups until closed. */
  DeviceCommit(Connection c, Dialect dialect) throws SQLException {
    this.c = c;
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      progress = opened(opened, c.prepareStatement(DeviceRows.UPSERT_PROGRESS));
      inventory = opened(opened, c.prepareStatement(DeviceRows.UPSERT_INVENTORY));
      history = opened(opened, new InventoryHistory(c));
      health = opened(opened, c.prepareStatement(dialect.sql(DeviceRows.UPSERT_HEALTH)));
      interval = opened(opened, c.prepareStatement(DeviceRows.INSERT_INTERVAL));
      unreachable = opened(opened, new Gaps(c));
    } catch (SQLException | RuntimeException e) {
      for (AutoCloseable a : opened) {
        try {
          a.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static <T extends AutoCloseable> T opened(List<AutoCloseable> opened, T statement) {
    opened.add(statement);
    return statement;
  }

  /** The connection the statements belong to. */
  Connection connection() {
    return c;
  }

  /** Writes the group inside the caller's open write transaction, in list order. */
  void apply(List<DeviceUpdate> updates) throws SQLException {
    for (DeviceUpdate u : updates) {
      try {
        apply(u, progress, inventory, history, health, interval, unreachable);
        AuditRows.insert(c, u.audit());
      } catch (SQLException e) {
        throw new SQLException("update of device " + u.deviceId() + ": " + e.getMessage(), e.getSQLState(),
            e.getErrorCode(), e);
      }
    }
  }

  @Override
  public void close() throws SQLException {
    try (progress; inventory; history; health; interval; unreachable) {
      // closes all six, each even if another fails
    }
  }

  private static void apply(DeviceUpdate u, PreparedStatement progress, PreparedStatement inventory,
      InventoryHistory history, PreparedStatement health, PreparedStatement interval, Gaps unreachable)
      throws SQLException {
    String id = u.deviceId();
    if (u.progress() != null) {
      DeviceRows.bindProgress(progress, id, u.progress());
      progress.executeUpdate();
    }
    if (u.inventory() != null) {
      inventory.setString(1, id);
      inventory.setString(2, DeviceRows.toJson(u.inventory()));
      inventory.setLong(3, u.receivedMillis());
      inventory.executeUpdate();
    }
    for (TimedInventory t : u.inventories()) {
      history.appendIfHardwareChanged(id, t.atMillis(), t.inventory());
    }
    health.setString(1, id);
    health.setString(2, DeviceRows.toJson(u.health()));
    health.setLong(3, u.receivedMillis());
    health.executeUpdate();
    for (TimelineInterval i : u.closedIntervals()) {
      DeviceRows.bindInterval(interval, id, i);
      interval.executeUpdate();
    }
    for (TimeRange r : u.unreachable()) {
      unreachable.merge(id, r);
    }
  }

  /** A device's reachability gaps, kept merged: no two stored gaps overlap or touch. */
  private static final class Gaps implements AutoCloseable {
    private final PreparedStatement touching;
    private final PreparedStatement delete;
    private final PreparedStatement insert;

    Gaps(Connection c) throws SQLException {
      touching = c.prepareStatement(DeviceRows.TOUCHING_UNREACHABLE);
      delete = c.prepareStatement(DeviceRows.DELETE_UNREACHABLE_WITHIN);
      insert = c.prepareStatement(DeviceRows.INSERT_UNREACHABLE);
    }

    void merge(String deviceId, TimeRange gap) throws SQLException {
      long start = gap.startMillis();
      long end = gap.endMillis();
      // grows until stable: rows stored before gaps were merged may overlap each other, not only the new gap
      while (true) {
        touching.setString(1, deviceId);
        touching.setLong(2, end);
        touching.setLong(3, start);
        long hullStart;
        long hullEnd;
        try (ResultSet rs = touching.executeQuery()) {
          rs.next();
          hullStart = rs.getLong(1);
          if (rs.wasNull()) {
            break;
          }
          hullEnd = rs.getLong(2);
        }
        if (hullStart >= start && hullEnd <= end) {
          break;
        }
        start = Math.min(start, hullStart);
        end = Math.max(end, hullEnd);
      }
      delete.setString(1, deviceId);
      delete.setLong(2, start);
      delete.setLong(3, end);
      delete.executeUpdate();
      insert.setString(1, deviceId);
      insert.setLong(2, start);
      insert.setLong(3, end);
      insert.executeUpdate();
    }

    @Override
    public void close() throws SQLException {
      try (touching; delete; insert) {
        // closes all three, each even if another fails
      }
    }
  }
}
