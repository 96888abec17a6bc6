package dev.uptally.collector.store.jdbc;

import dev.uptally.collector.fleet.DeviceHistory;
import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceStore;
import dev.uptally.collector.fleet.DeviceUpdate;
import dev.uptally.collector.fleet.StoredDevice;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.store.StoreException;
import dev.uptally.common.time.TimeRange;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

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
  private final int loadBatch;

  public JdbcDeviceStore(Database db) {
    this(db, LOAD_BATCH);
  }

  /** @param loadBatch devices parsed per task by {@link #loadDevices} (small in tests, to spread a load out) */
  public JdbcDeviceStore(Database db, int loadBatch) {
    if (loadBatch < 1) {
      throw new IllegalArgumentException("loadBatch must be at least 1, not " + loadBatch);
    }
    this.loadBatch = loadBatch;
    this.db = db;
    this.selectDevices = db.dialect().sql(DeviceRows.SELECT_DEVICES);
  }

  /**
   * Reads every device on the calling thread and parses their JSON columns (health, inventory, tags: most of a
   * restart's time at a million devices) on one thread per core meanwhile, in batches, keeping the rows' order. At
   * most {@link #LOAD_BATCHES_IN_FLIGHT} batches wait to be parsed, so a slow parse cannot pile the raw rows up.
   */
  @Override
  public List<StoredDevice> loadDevices() {
    return loadDevices(Function.identity());
  }

  @Override
  public <T> List<T> loadDevices(Function<? super StoredDevice, ? extends T> keep) {
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService decoders = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "uptally-load-devices");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<List<T>>> parts = db.read("loadDevices", c -> read(c, decoders, keep));
      List<T> result = new ArrayList<>();
      for (Future<List<T>> part : parts) {
        result.addAll(await(part));
      }
      return result;
    } finally {
      decoders.shutdownNow();
    }
  }

  static final int LOAD_BATCH = 2048;
  static final int LOAD_BATCHES_IN_FLIGHT = 32;

  private <T> List<Future<List<T>>> read(Connection c, ExecutorService decoders,
      Function<? super StoredDevice, ? extends T> keep) throws SQLException {
    List<Future<List<T>>> parts = new ArrayList<>();
    Semaphore inFlight = new Semaphore(LOAD_BATCHES_IN_FLIGHT);
    try (PreparedStatement ps = fetchingInBatches(c.prepareStatement(selectDevices)); ResultSet rs = ps.executeQuery()) {
      List<DeviceRows.RawDevice> batch = new ArrayList<>(loadBatch);
      while (rs.next()) {
        batch.add(DeviceRows.raw(rs));
        if (batch.size() == loadBatch) {
          parts.add(decode(batch, decoders, inFlight, keep));
          batch = new ArrayList<>(loadBatch);
        }
      }
      if (!batch.isEmpty()) {
        parts.add(decode(batch, decoders, inFlight, keep));
      }
    }
    return parts;
  }

  /**
   * pgjdbc reads a whole result into memory unless a fetch size is set (inside a transaction, as reads are): a
   * million rows were 1.5 GB, and a restart in a 1 GB heap ran out of memory before the first device was kept. SQLite
   * steps through the rows anyway.
   */
  private PreparedStatement fetchingInBatches(PreparedStatement ps) throws SQLException {
    ps.setFetchSize(loadBatch);
    return ps;
  }

  private static <T> Future<List<T>> decode(List<DeviceRows.RawDevice> batch, ExecutorService decoders,
      Semaphore inFlight, Function<? super StoredDevice, ? extends T> keep) {
    inFlight.acquireUninterruptibly();
    return decoders.submit(() -> {
      try {
        List<T> out = new ArrayList<>(batch.size());
        Map<ByteBuffer, Map<String, String>> tagsSeen = new HashMap<>();
        for (DeviceRows.RawDevice r : batch) {
          out.add(keep.apply(DeviceRows.decode(r, tagsSeen)));
        }
        return out;
      } finally {
        inFlight.release();
      }
    });
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("loadDevices: interrupted while the stored devices were parsed", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r; // a StoreException naming the device and column that did not parse
      }
      throw new StoreException("loadDevices: parsing the stored devices failed: " + e.getCause(), e.getCause());
    }
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
            progress = DeviceRows.progress(rs, 1);
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
