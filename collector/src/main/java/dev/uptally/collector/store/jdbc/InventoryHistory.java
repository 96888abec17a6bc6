package dev.uptally.collector.store.jdbc;

import dev.uptally.common.protocol.Inventory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Appends a device's inventory to {@code inventory_history} when its hardware (board, drives) differs from the newest
 * one kept, inside the device commit: hardware changes are derived from consecutive rows, so an inventory that changed
 * only an IP address or the OS version adds nothing. Statements of one commit; closed with it.
 */
final class InventoryHistory implements AutoCloseable {

  static final String SELECT_LATEST = "SELECT inventory FROM inventory_history WHERE device_id = ?"
      + " ORDER BY at_ms DESC LIMIT 1";
  static final String INSERT = "INSERT INTO inventory_history (device_id, at_ms, inventory) VALUES (?, ?, ?)"
      + " ON CONFLICT DO NOTHING";

  private final PreparedStatement latest;
  private final PreparedStatement insert;

  InventoryHistory(Connection c) throws SQLException {
    latest = c.prepareStatement(SELECT_LATEST);
    try {
      insert = c.prepareStatement(INSERT);
    } catch (SQLException e) {
      latest.close();
      throw e;
    }
  }

  void appendIfHardwareChanged(String deviceId, long atMillis, Inventory inventory) throws SQLException {
    latest.setString(1, deviceId);
    Inventory previous = null;
    try (ResultSet rs = latest.executeQuery()) {
      if (rs.next()) {
        previous = DeviceRows.fromJson(rs.getString(1), Inventory.class, deviceId, "inventory history");
      }
    }
    if (previous != null && sameHardware(previous, inventory)) {
      return;
    }
    insert.setString(1, deviceId);
    insert.setLong(2, atMillis);
    insert.setString(3, DeviceRows.toJson(inventory));
    insert.executeUpdate();
  }

  /** The parts a hardware change is read from: the board (model, serial) and the drives. */
  static boolean sameHardware(Inventory a, Inventory b) {
    return Objects.equals(a.hardware(), b.hardware()) && Objects.equals(a.drives(), b.drives());
  }

  @Override
  public void close() throws SQLException {
    try {
      latest.close();
    } finally {
      insert.close();
    }
  }
}
