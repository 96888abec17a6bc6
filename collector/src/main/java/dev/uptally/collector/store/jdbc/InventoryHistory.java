package dev.uptally.collector.store.jdbc;

import dev.uptally.common.protocol.Inventory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Keeps a device's {@code inventory_history} as the points in time where its hardware (board, drives) changed, inside
 * the device commit: hardware changes are derived from consecutive rows, so an inventory that changed only an IP
 * address or the OS version adds nothing. Rows are placed by the time of the sample that carried them, whatever the
 * order they arrive in: an agent enrolls with the inventory it has now and then replays older samples from its
 * spool, so an inventory may be older than rows already kept. It is then compared with the row in force at its time
 * (the newest at or before it), and when the row after it shows the same hardware, that row moves back to its time
 * (the hardware was there earlier than known). Statements of one commit; closed with it.
 */
final class InventoryHistory implements AutoCloseable {

  static final String SELECT_AT_OR_BEFORE = "SELECT at_ms, inventory FROM inventory_history WHERE device_id = ?"
      + " AND at_ms <= ? ORDER BY at_ms DESC LIMIT 1";
  static final String SELECT_AFTER = "SELECT at_ms, inventory FROM inventory_history WHERE device_id = ?"
      + " AND at_ms > ? ORDER BY at_ms LIMIT 1";
  static final String INSERT = "INSERT INTO inventory_history (device_id, at_ms, inventory) VALUES (?, ?, ?)"
      + " ON CONFLICT DO NOTHING";
  static final String MOVE = "UPDATE inventory_history SET at_ms = ?, inventory = ? WHERE device_id = ? AND at_ms = ?";

  private final PreparedStatement atOrBefore;
  private final PreparedStatement after;
  private final PreparedStatement insert;
  private final PreparedStatement move;

  InventoryHistory(Connection c) throws SQLException {
    atOrBefore = c.prepareStatement(SELECT_AT_OR_BEFORE);
    PreparedStatement a = null;
    PreparedStatement i = null;
    try {
      a = c.prepareStatement(SELECT_AFTER);
      i = c.prepareStatement(INSERT);
      move = c.prepareStatement(MOVE);
    } catch (SQLException e) {
      closeAll(atOrBefore, a, i);
      throw e;
    }
    after = a;
    insert = i;
  }

  /** A row of the history: its time and inventory. */
  private record Row(long atMillis, Inventory inventory) {}

  void appendIfHardwareChanged(String deviceId, long atMillis, Inventory inventory) throws SQLException {
    Row previous = row(atOrBefore, deviceId, atMillis);
    if (previous != null && (previous.atMillis() == atMillis || sameHardware(previous.inventory(), inventory))) {
      return; // the same hardware in force already, or another inventory of the same instant (the first one stays)
    }
    Row next = row(after, deviceId, atMillis);
    if (next != null && sameHardware(next.inventory(), inventory)) {
      move.setLong(1, atMillis);
      move.setString(2, DeviceRows.toJson(inventory));
      move.setString(3, deviceId);
      move.setLong(4, next.atMillis());
      move.executeUpdate();
      return;
    }
    insert.setString(1, deviceId);
    insert.setLong(2, atMillis);
    insert.setString(3, DeviceRows.toJson(inventory));
    insert.executeUpdate();
  }

  private static Row row(PreparedStatement ps, String deviceId, long atMillis) throws SQLException {
    ps.setString(1, deviceId);
    ps.setLong(2, atMillis);
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      return new Row(rs.getLong(1), DeviceRows.fromJson(rs.getString(2), Inventory.class, deviceId,
          "inventory history"));
    }
  }

  /** The parts a hardware change is read from: the board (model, serial) and the drives. */
  static boolean sameHardware(Inventory a, Inventory b) {
    return Objects.equals(a.hardware(), b.hardware()) && Objects.equals(a.drives(), b.drives());
  }

  @Override
  public void close() throws SQLException {
    closeAll(atOrBefore, after, insert, move);
  }

  private static void closeAll(PreparedStatement... statements) throws SQLException {
    SQLException first = null;
    for (PreparedStatement ps : statements) {
      if (ps == null) {
        continue;
      }
      try {
        ps.close();
      } catch (SQLException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
