package dev.uptally.collector.store.jdbc;

import dev.uptally.collector.audit.AuditEntry;
import dev.uptally.collector.fleet.TimedInventory;
import dev.uptally.collector.lifecycle.Correction;
import dev.uptally.collector.lifecycle.LifecycleStore;
import dev.uptally.common.protocol.Inventory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link LifecycleStore} on either database: {@code inventory_history} (appended by {@link DeviceCommit}) and {@code
 * hardware_change_corrections} (migration V7); a correction's audit row goes in its transaction. Every method is one
 * transaction. Thread-safe.
 */
public final class JdbcLifecycleStore implements LifecycleStore {

  private static final String HISTORY = "SELECT device_id, at_ms, inventory FROM inventory_history";
  private static final String CORRECTIONS = "SELECT change_id, device_id, failure, note, corrected_by, corrected_ms"
      + " FROM hardware_change_corrections";

  private final Database db;

  public JdbcLifecycleStore(Database db) {
    this.db = db;
  }

  @Override
  public List<TimedInventory> inventories(String deviceId) {
    return db.read("inventory history of device " + deviceId, c -> {
      try (PreparedStatement ps = c.prepareStatement(HISTORY + " WHERE device_id = ? ORDER BY at_ms")) {
        ps.setString(1, deviceId);
        return histories(ps).getOrDefault(deviceId, List.of());
      }
    });
  }

  @Override
  public Map<String, List<TimedInventory>> allInventories() {
    return db.read("inventory history of every device", c -> {
      try (PreparedStatement ps = c.prepareStatement(HISTORY + " ORDER BY device_id, at_ms")) {
        return histories(ps);
      }
    });
  }

  private static Map<String, List<TimedInventory>> histories(PreparedStatement ps) throws java.sql.SQLException {
    Map<String, List<TimedInventory>> out = new LinkedHashMap<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String id = rs.getString("device_id");
        Inventory inv = DeviceRows.fromJson(rs.getString("inventory"), Inventory.class, id, "inventory history");
        out.computeIfAbsent(id, k -> new ArrayList<>()).add(new TimedInventory(rs.getLong("at_ms"), inv));
      }
    }
    return out;
  }

  @Override
  public Map<String, Correction> corrections(String deviceId) {
    return db.read(deviceId == null ? "hardware-change corrections" : "hardware-change corrections of device "
        + deviceId, c -> {
          try (PreparedStatement ps = c.prepareStatement(CORRECTIONS + (deviceId == null ? "" : " WHERE device_id = ?"))) {
            if (deviceId != null) {
              ps.setString(1, deviceId);
            }
            Map<String, Correction> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString("change_id"), new Correction(rs.getString("change_id"), rs.getString("device_id"),
                    rs.getBoolean("failure"), rs.getString("note"), rs.getString("corrected_by"),
                    rs.getLong("corrected_ms")));
              }
            }
            return out;
          }
        });
  }

  @Override
  public void saveCorrection(Correction k, AuditEntry audit) {
    db.write("correction of hardware change " + k.changeId(), c -> {
      try (PreparedStatement ps = c.prepareStatement(DeviceRows.upsert("hardware_change_corrections",
          "change_id, device_id, failure, note, corrected_by, corrected_ms"))) {
        ps.setString(1, k.changeId());
        ps.setString(2, k.deviceId());
        ps.setBoolean(3, k.failure());
        ps.setString(4, k.note());
        ps.setString(5, k.by());
        ps.setLong(6, k.atMillis());
        ps.executeUpdate();
      }
      AuditRows.insert(c, List.of(audit));
      return null;
    });
  }
}
