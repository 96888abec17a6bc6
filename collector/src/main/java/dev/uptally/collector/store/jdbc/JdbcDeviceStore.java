package dev.uptally.collector.store.jdbc;

import dev.uptally.collector.fleet.DeviceHistory;
import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceStore;
import dev.uptally.collector.fleet.DeviceUpdate;
import dev.uptally.collector.fleet.StoredDevice;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.common.time.TimeRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The device tables of {@code V1__init.sql} (and the health table) in either database. {@code docs/storage.md}
 * explains the schema and the durability choices. Thread-safe; every write returns once durable.
 */
public final class JdbcDeviceStore implements DeviceStore {

  private final Database db;
  private final String selectDevices;
  /**
   * The writer connection's commit statements, kept between group commits where the dialect has one long-lived writer
   * (SQLite); null until the first commit, and always null on PostgreSQL (pooled connections, whose statements the
   * pool closes on return; pgjdbc keeps the server-side prepared statements per connection itself). Guarded by the
   * database's write transaction.
   */
  private DeviceCommit kept;

  public JdbcDeviceStore(Database db) {
    this.db = db;
    this.selectDevices = db.dialect().sql(DeviceRows.SELECT_DEVICES);
  }

  @Override
  public List<StoredDevice> loadDevices() {
    return db.read("loadDevices", c -> {
      List<StoredDevice> result = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(selectDevices); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(DeviceRows.device(rs));
        }
      }
      return result;
    });
  }

  @Override
  public void saveIdentity(DeviceIdentity identity) {
    db.write("saveIdentity of device " + identity.deviceId(), c -> {
      try (PreparedStatement ps = c.prepareStatement(DeviceRows.UPSERT_IDENTITY)) {
        DeviceRows.bindIdentity(ps, identity);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public void commit(List<DeviceUpdate> updates) {
    if (updates.isEmpty()) {
      return;
    }
    db.write("commit of " + updates.size() + " device updates", c -> {
      if (!db.dialect().oneWriterConnection()) {
        try (DeviceCommit commit = new DeviceCommit(c, db.dialect())) {
          commit.apply(updates);
        }
        return null;
      }
      if (kept == null || kept.connection() != c) {
        DeviceCommit stale = kept;
        kept = null; // forgotten first: a failed close or prepare leaves nothing half-usable kept
        if (stale != null) {
          stale.close();
        }
        kept = new DeviceCommit(c, db.dialect());
      }
      kept.apply(updates);
      return null;
    });
  }

  @Override
  public List<TimelineInterval> intervals(String deviceId, long fromMillis, long toMillis) {
    return db.read("intervals of device " + deviceId, c -> intervals(c, deviceId, fromMillis, toMillis));
  }

  @Override
  public List<TimeRange> unreachable(String deviceId, long fromMillis, long toMillis) {
    return db.read("unreachable of device " + deviceId, c -> {
      List<TimeRange> result = new ArrayList<>();
      try (PreparedStatement ps = rangeQuery(c, DeviceRows.SELECT_UNREACHABLE, deviceId, fromMillis, toMillis);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(DeviceRows.range(rs));
        }
      }
      return result;
    });
  }

  @Override
  public DeviceHistory history(String deviceId, long fromMillis, long toMillis) {
    return db.read("history of device " + deviceId, c -> {
      DeviceProgress progress = DeviceProgress.NONE;
      try (PreparedStatement ps = c.prepareStatement(DeviceRows.SELECT_PROGRESS)) {
        ps.setString(1, deviceId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            progress = DeviceRows.progress(rs);
          }
        }
      }
      return new DeviceHistory(progress, intervals(c, deviceId, fromMillis, toMillis));
    });
  }

  private static List<TimelineInterval> intervals(Connection c, String deviceId, long fromMillis, long toMillis)
      throws SQLException {
    List<TimelineInterval> result = new ArrayList<>();
    try (PreparedStatement ps = rangeQuery(c, DeviceRows.SELECT_INTERVALS, deviceId, fromMillis, toMillis);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        result.add(DeviceRows.interval(rs));
      }
    }
    return result;
  }

  private static PreparedStatement rangeQuery(Connection c, String sql, String deviceId, long from, long to)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      ps.setString(1, deviceId);
      ps.setLong(2, to);
      ps.setLong(3, from);
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
    return ps;
  }
}
