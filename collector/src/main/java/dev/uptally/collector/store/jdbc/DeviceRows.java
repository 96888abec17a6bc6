package dev.uptally.collector.store.jdbc;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.Retirement;
import dev.uptally.collector.fleet.RetirementReason;
import dev.uptally.collector.fleet.StoredDevice;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.fleet.TimelineState;
import dev.uptally.collector.store.StoreException;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.device.OutageCause;
import dev.uptally.common.json.HeartbeatJson;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.ShutdownReason;
import dev.uptally.common.time.TimeRange;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

/** Maps records to SQL parameters and rows back to records; JSON columns use {@link Json#mapper()}. */
final class DeviceRows {

  private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {};
  // prepared once: each readValue on the mapper looks its root deserializer up again
  private static final ObjectReader TAGS_READER = Json.mapper().readerFor(TAGS);
  private static final ObjectReader HEALTH_READER = Json.mapper().readerFor(Health.class);
  private static final ObjectReader INVENTORY_READER = Json.mapper().readerFor(Inventory.class);

  /** The progress columns, in the order {@link #progress(ResultSet, int)} reads them. */
  private static final String PROGRESS_COLUMNS = "last_seq, start_ms, last_sample_ms, last_boot_ms, pending_shutdown,"
      + " suspended, dropped_samples, crash_ms, shutdown_ms, asleep_ms, unknown_ms, failures, retired_at_ms,"
      + " retired_reason, retired_note, retired_by, retired_recorded_ms";

  /** Read by position ({@link #raw}): the identity's 9 columns, the progress's 17, inventory, health, receipt. */
  static final String SELECT_DEVICES = "SELECT d.device_id, d.client_id, d.hostname, d.device_class, d.timezone,"
      + " d.agent_version, d.token_hash, d.enrolled_at, d.tags, "
      + "p." + PROGRESS_COLUMNS.replace(", ", ", p.")
      + ", i.inventory, h.health, h.last_received_ms"
      + " FROM devices d"
      + " LEFT JOIN device_progress p ON p.device_id = d.device_id"
      + " LEFT JOIN device_inventory i ON i.device_id = d.device_id"
      + " LEFT JOIN {health} h ON h.device_id = d.device_id"
      + " ORDER BY d.device_id";

  static final String UPSERT_IDENTITY = "INSERT INTO devices (device_id, client_id, hostname, device_class, timezone,"
      + " agent_version, token_hash, enrolled_at, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (device_id) DO UPDATE SET client_id = excluded.client_id, hostname = excluded.hostname,"
      + " device_class = excluded.device_class, timezone = excluded.timezone, agent_version = excluded.agent_version,"
      + " token_hash = excluded.token_hash, enrolled_at = excluded.enrolled_at, tags = excluded.tags";

  static final String UPSERT_PROGRESS = upsert("device_progress", "device_id, last_seq, start_ms, last_sample_ms,"
      + " last_boot_ms, pending_shutdown, dropped_samples, crash_ms, shutdown_ms, asleep_ms, unknown_ms, failures,"
      + " suspended, retired_at_ms, retired_reason, retired_note, retired_by, retired_recorded_ms");

  static final String UPSERT_INVENTORY =
      upsert("device_inventory", "device_id, inventory, updated_ms");

  /** Null health keeps the stored one; the receive time always advances. */
  static final String UPSERT_HEALTH = "INSERT INTO {health} AS h (device_id, health, last_received_ms)"
      + " VALUES (?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET"
      + " health = coalesce(excluded.health, h.health), last_received_ms = excluded.last_received_ms";

  /** Idempotent: committing the same closed interval twice stores it once. */
  static final String INSERT_INTERVAL =
      "INSERT INTO intervals (device_id, start_ms, end_ms, state, cause) VALUES (?, ?, ?, ?, ?)"
      + " ON CONFLICT DO NOTHING";

  static final String INSERT_UNREACHABLE =
      "INSERT INTO unreachable (device_id, start_ms, end_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";

  /** The hull of a device's gaps that overlap or touch [start, end] (params: device, end, start); nulls if none. */
  static final String TOUCHING_UNREACHABLE = "SELECT min(start_ms), max(end_ms) FROM unreachable"
      + " WHERE device_id = ? AND start_ms <= ? AND end_ms >= ?";

  /** Removes a device's gaps inside [start, end] (params: device, start, end), before their hull is inserted. */
  static final String DELETE_UNREACHABLE_WITHIN = "DELETE FROM unreachable"
      + " WHERE device_id = ? AND start_ms >= ? AND end_ms <= ?";

  /** Half-open overlap with [from, to): starts before to, ends after from. */
  static final String SELECT_INTERVALS = "SELECT start_ms, end_ms, state, cause FROM intervals"
      + " WHERE device_id = ? AND start_ms < ? AND end_ms > ? ORDER BY start_ms, end_ms";

  static final String SELECT_UNREACHABLE = "SELECT start_ms, end_ms FROM unreachable"
      + " WHERE device_id = ? AND start_ms < ? AND end_ms > ? ORDER BY start_ms, end_ms";

  private DeviceRows() {}

  /**
   * {@code INSERT … ON CONFLICT (first column) DO UPDATE} of every other column: a whole-row replace that, unlike
   * SQLite's {@code INSERT OR REPLACE}, never deletes the row (so nothing cascades) and is PostgreSQL too.
   */
  static String upsert(String table, String columns) {
    String[] names = columns.split(",\\s*");
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (").append(columns)
        .append(") VALUES (").append(String.join(", ", java.util.Collections.nCopies(names.length, "?")))
        .append(") ON CONFLICT (").append(names[0]).append(") DO UPDATE SET ");
    for (int i = 1; i < names.length; i++) {
      sql.append(i > 1 ? ", " : "").append(names[i]).append(" = excluded.").append(names[i]);
    }
    return sql.toString();
  }

  static void bindIdentity(PreparedStatement ps, DeviceIdentity d) throws SQLException {
    ps.setString(1, d.deviceId());
    ps.setString(2, d.clientId());
    ps.setString(3, d.hostname());
    ps.setString(4, d.deviceClass() == null ? null : d.deviceClass().wireName());
    ps.setString(5, d.timezone());
    ps.setString(6, d.agentVersion());
    ps.setString(7, d.tokenHash());
    ps.setLong(8, d.enrolledAtMillis());
    ps.setString(9, toJson(d.tags()));
  }

  static void bindProgress(PreparedStatement ps, String deviceId, DeviceProgress p) throws SQLException {
    DeviceProgress.Totals t = p.totals();
    ps.setString(1, deviceId);
    ps.setLong(2, p.lastSeq());
    ps.setLong(3, p.startMillis());
    ps.setLong(4, p.lastSampleMillis());
    ps.setLong(5, p.lastBootMillis());
    ps.setString(6, p.pendingShutdown() == null ? null : p.pendingShutdown().wireName());
    ps.setLong(7, p.droppedSamples());
    ps.setLong(8, t.crashMillis());
    ps.setLong(9, t.shutdownMillis());
    ps.setLong(10, t.asleepMillis());
    ps.setLong(11, t.unknownMillis());
    ps.setLong(12, t.failures());
    ps.setBoolean(13, p.suspended());
    Retirement r = p.retirement();
    if (r == null) {
      for (int i = 14; i <= 18; i++) {
        ps.setNull(i, i == 14 || i == 18 ? Types.BIGINT : Types.VARCHAR);
      }
    } else {
      ps.setLong(14, r.atMillis());
      ps.setString(15, r.reason().wireName());
      ps.setString(16, r.note());
      ps.setString(17, r.by());
      ps.setLong(18, r.recordedAtMillis());
    }
  }

  static void bindInterval(PreparedStatement ps, String deviceId, TimelineInterval i) throws SQLException {
    ps.setString(1, deviceId);
    ps.setLong(2, i.startMillis());
    ps.setLong(3, i.endMillis());
    ps.setString(4, i.state().wireName());
    ps.setString(5, i.cause() == null ? null : i.cause().wireName());
  }

  /**
   * A row of {@link #SELECT_DEVICES} as read, its JSON columns still UTF-8 bytes: the reading thread takes only this
   * from the result set and {@link #decode} parses it, on another thread when the load is spread out.
   */
  record RawDevice(String deviceId, String clientId, String hostname, String deviceClass, String timezone,
      String agentVersion, String tokenHash, long enrolledAtMillis, byte[] tags, DeviceProgress progress,
      byte[] health, byte[] inventory, long lastReceivedMillis) {}

  /** A row of {@link #SELECT_DEVICES}, its columns by position (a million rows looked 29 million names up). */
  static RawDevice raw(ResultSet rs) throws SQLException {
    return new RawDevice(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getLong(8), rs.getBytes(9), progress(rs, 10),
        rs.getBytes(28), rs.getBytes(27), rs.getLong(29));
  }

  /** @throws StoreException naming the device and column when a JSON column does not parse */
  static StoredDevice decode(RawDevice r) {
    return decode(r, null);
  }

  /** Parsed tag sets a load keeps by their stored bytes, at most this many for each batch it parses. */
  static final int TAG_SETS_KEPT = 256;

  /**
   * As {@link #decode(RawDevice)}, taking tags parsed before from {@code tagsSeen} (their stored bytes to the
   * unmodifiable map) and adding new ones while it holds fewer than {@link #TAG_SETS_KEPT}: devices mostly carry one
   * of a few tag sets, and a parse costs more than the lookup. Null: parse every time.
   */
  static StoredDevice decode(RawDevice r, Map<ByteBuffer, Map<String, String>> tagsSeen) {
    DeviceIdentity identity = new DeviceIdentity(r.deviceId(), r.clientId(), r.hostname(),
        r.deviceClass() == null ? null : DeviceClass.fromWire(r.deviceClass()), r.timezone(), r.agentVersion(),
        r.tokenHash(), r.enrolledAtMillis(), tags(r, tagsSeen));
    return new StoredDevice(identity, r.progress(), health(r), inventory(r), r.lastReceivedMillis());
  }

  /** The stored health: the fast reader for the shape the collector writes, the mapper for anything else. */
  private static Health health(RawDevice r) {
    Health fast = r.health() == null ? null : HeartbeatJson.health(r.health());
    return fast != null ? fast : fromJson(r.health(), HEALTH_READER, r.deviceId(), "health");
  }

  /** The stored inventory, read as {@link #health(RawDevice)} is. */
  private static Inventory inventory(RawDevice r) {
    Inventory fast = r.inventory() == null ? null : HeartbeatJson.inventory(r.inventory());
    return fast != null ? fast : fromJson(r.inventory(), INVENTORY_READER, r.deviceId(), "inventory");
  }

  private static Map<String, String> tags(RawDevice r, Map<ByteBuffer, Map<String, String>> tagsSeen) {
    if (tagsSeen == null || r.tags() == null) {
      return fromJson(r.tags(), TAGS_READER, r.deviceId(), "tags");
    }
    ByteBuffer key = ByteBuffer.wrap(r.tags());
    Map<String, String> tags = tagsSeen.get(key);
    if (tags == null) {
      Map<String, String> parsed = fromJson(r.tags(), TAGS_READER, r.deviceId(), "tags");
      if (parsed == null) {
        return null; // stored as JSON null: the identity reads it as no tags
      }
      tags = Map.copyOf(parsed);
      if (tagsSeen.size() < TAG_SETS_KEPT) {
        tagsSeen.put(key, tags);
      }
    }
    return tags;
  }

  /** The columns of {@link #progress(ResultSet, int)} from 1; no row when the device has no progress. */
  static final String SELECT_PROGRESS = "SELECT " + PROGRESS_COLUMNS + " FROM device_progress WHERE device_id = ?";

  /** The progress whose 17 columns ({@link #PROGRESS_COLUMNS}) start at position {@code first}. */
  static DeviceProgress progress(ResultSet rs, int first) throws SQLException {
    long lastSeq = rs.getLong(first);
    if (rs.wasNull()) {
      return DeviceProgress.NONE;
    }
    String pending = rs.getString(first + 4);
    return new DeviceProgress(lastSeq, rs.getLong(first + 1), rs.getLong(first + 2), rs.getLong(first + 3),
        pending == null ? null : ShutdownReason.fromWire(pending), rs.getBoolean(first + 5), rs.getLong(first + 6),
        new DeviceProgress.Totals(rs.getLong(first + 7), rs.getLong(first + 8), rs.getLong(first + 9),
            rs.getLong(first + 10), rs.getLong(first + 11)), retirement(rs, first + 12));
  }

  /** The retirement whose 5 columns (at, reason, note, by, recorded) start at position {@code first}. */
  private static Retirement retirement(ResultSet rs, int first) throws SQLException {
    String reason = rs.getString(first + 1);
    if (reason == null) {
      return null;
    }
    return new Retirement(rs.getLong(first), RetirementReason.fromWire(reason), rs.getString(first + 2),
        rs.getString(first + 3), rs.getLong(first + 4));
  }

  static TimelineInterval interval(ResultSet rs) throws SQLException {
    String cause = rs.getString("cause");
    return new TimelineInterval(rs.getLong("start_ms"), rs.getLong("end_ms"),
        TimelineState.fromWire(rs.getString("state")), cause == null ? null : OutageCause.fromWire(cause));
  }

  static TimeRange range(ResultSet rs) throws SQLException {
    return new TimeRange(rs.getLong("start_ms"), rs.getLong("end_ms"));
  }

  static String toJson(Object value) {
    return value == null ? null : Json.mapper().writeValueAsString(value);
  }

  static <T> T fromJson(String json, Class<T> type, String deviceId, String column) {
    if (json == null) {
      return null;
    }
    try {
      return Json.mapper().readValue(json, type);
    } catch (JacksonException e) {
      throw new StoreException("stored " + column + " of device " + deviceId + " is not valid JSON", e);
    }
  }

  private static <T> T fromJson(byte[] json, ObjectReader reader, String deviceId, String column) {
    if (json == null) {
      return null;
    }
    try {
      return reader.readValue(json);
    } catch (JacksonException e) {
      throw new StoreException("stored " + column + " of device " + deviceId + " is not valid JSON", e);
    }
  }
}
