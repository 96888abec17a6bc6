package dev.uptally.collector.store;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.common.time.TimeRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded SQLite store: one main file (WAL, {@code synchronous=FULL}) for acknowledged state and a
 * {@code <name>-health.db} file (WAL, {@code synchronous=NORMAL}) for the newest health, which every
 * heartbeat re-sends. {@code docs/storage.md} explains the schema and the durability choices.
 *
 * <p>Thread-safe: writes are serialised on one connection; reads run on read-only connections beside
 * it. Every write returns once durable. Every failure is a {@link StoreException} naming the operation.
 */
public final class SqliteStore implements Store {

  static final String MAIN_MIGRATIONS = "db/sqlite";
  static final String HEALTH_MIGRATIONS = "db/sqlite/health";

  private final Path file;
  private final SqliteConnections connections;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Connection writer;
  /** Null when opened without a lease. */
  private final SqliteLease lease;
  private volatile boolean closed;

  private SqliteStore(Path file, SqliteConnections connections, Connection writer, SqliteLease lease) {
    this.file = file;
    this.connections = connections;
    this.writer = writer;
    this.lease = lease;
  }

  /** Opens (creating when missing, migrating when older) the store at {@code dbFile}. */
  public static SqliteStore open(Path dbFile) {
    return open(dbFile, Clock.systemUTC());
  }

  /**
   * Opens the store without a lease: for tools and tests beside a collector's own store. Before anything is
   * written, a main file that is missing or empty while an earlier database's files remain is refused, and both
   * files must pass {@code PRAGMA quick_check}.
   *
   * @param clock stamps {@code schema_version.applied_at_ms}
   * @throws StoreException naming the file concerned when a file is lost, damaged, cannot be opened or is newer
   *     than this code
   */
  public static SqliteStore open(Path dbFile, Clock clock) {
    return open(dbFile, clock, false);
  }

  /**
   * Opens the store as a collector's own: first takes the exclusive lease on the database ({@code <file>.lock}, an
   * OS lock that frees itself when this process dies), held until {@link #close()}; then as {@link #open(Path,
   * Clock)}. A second collector on the same file, in this process or another, is refused with a message naming
   * the file and the holder.
   *
   * @throws StoreException when the lease is held elsewhere, or as {@link #open(Path, Clock)}
   */
  public static SqliteStore openExclusive(Path dbFile, Clock clock) {
    return open(dbFile, clock, true);
  }

  private static SqliteStore open(Path dbFile, Clock clock, boolean exclusive) {
    Path file = dbFile.toAbsolutePath().normalize();
    Path healthFile = healthFileOf(file);
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new StoreException("open: cannot create the directory of " + file + ": " + e, e);
    }
    SqliteLease lease = exclusive ? SqliteLease.acquire(file, clock) : null;
    try {
      SqliteFileCheck.refuseLostMainFile(file, healthFile);
      // main first: a first start killed before the main file has its header leaves no health file beside it
      prepare(file, "FULL", MAIN_MIGRATIONS, clock, "It holds the devices, their tokens and their history: restore"
          + " it from a backup, or salvage what is readable with: sqlite3 " + file
          + " .recover | sqlite3 recovered.db");
      prepare(healthFile, "NORMAL", HEALTH_MIGRATIONS, clock, "It holds only the newest health of each device,"
          + " which every heartbeat re-sends: move it away and start again to have it recreated empty (nothing else"
          + " is lost); the main database " + file + " is a separate file");
      SqliteConnections connections = new SqliteConnections(file, healthFile);
      try {
        return new SqliteStore(file, connections, connections.openWriter(), lease);
      } catch (SQLException e) {
        throw new StoreException("open: cannot open SQLite store " + file + " with " + healthFile + " attached: "
            + e.getMessage(), e);
      }
    } catch (RuntimeException e) {
      if (lease != null) {
        releaseAfterFailure(lease, e);
      }
      throw e;
    }
  }

  /** Opens one file alone, checks its pages and migrates it; every failure names that file. */
  private static void prepare(Path file, String synchronous, String migrations, Clock clock, String role) {
    try (Connection c = SqliteConnections.openWritable(file, synchronous)) {
      SqliteFileCheck.quickCheck(c, file, role);
      new SqliteMigrator(migrations, clock).migrate(c, file.toString());
    } catch (SQLException e) {
      throw new StoreException("open: cannot open SQLite database " + file + ": " + e.getMessage() + ". " + role, e);
    }
  }

  private static void releaseAfterFailure(SqliteLease lease, RuntimeException cause) {
    try {
      lease.close();
    } catch (StoreException e) {
      cause.addSuppressed(e);
    }
  }

  /** {@code uptally.db} → {@code uptally-health.db}; a name without {@code .db} gets the suffix appended. */
  static Path healthFileOf(Path file) {
    String name = file.getFileName().toString();
    String base = name.endsWith(".db") ? name.substring(0, name.length() - 3) : name;
    return file.resolveSibling(base + "-health.db");
  }

  /** The main database file. */
  public Path file() {
    return file;
  }

  @Override
  public List<StoredDevice> loadDevices() {
    return read("loadDevices", c -> {
      List<StoredDevice> result = new ArrayList<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SqliteRows.SELECT_DEVICES)) {
        while (rs.next()) {
          result.add(SqliteRows.device(rs));
        }
      }
      return result;
    });
  }

  @Override
  public void saveIdentity(DeviceIdentity identity) {
    write("saveIdentity of device " + identity.deviceId(), c -> {
      try (PreparedStatement ps = c.prepareStatement(SqliteRows.UPSERT_IDENTITY)) {
        SqliteRows.bindIdentity(ps, identity);
        ps.executeUpdate();
      }
    });
  }

  @Override
  public void commit(List<DeviceUpdate> updates) {
    if (updates.isEmpty()) {
      return;
    }
    write("commit of " + updates.size() + " device updates", c -> new SqliteCommit(c).apply(updates));
  }

  @Override
  public List<TimelineInterval> intervals(String deviceId, long fromMillis, long toMillis) {
    return read("intervals of device " + deviceId, c -> {
      List<TimelineInterval> result = new ArrayList<>();
      try (PreparedStatement ps = rangeQuery(c, SqliteRows.SELECT_INTERVALS, deviceId, fromMillis, toMillis);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(SqliteRows.interval(rs));
        }
      }
      return result;
    });
  }

  @Override
  public List<TimeRange> unreachable(String deviceId, long fromMillis, long toMillis) {
    return read("unreachable of device " + deviceId, c -> {
      List<TimeRange> result = new ArrayList<>();
      try (PreparedStatement ps = rangeQuery(c, SqliteRows.SELECT_UNREACHABLE, deviceId, fromMillis, toMillis);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(SqliteRows.range(rs));
        }
      }
      return result;
    });
  }

  private static PreparedStatement rangeQuery(Connection c, String sql, String deviceId, long from, long to)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setString(1, deviceId);
    ps.setLong(2, to);
    ps.setLong(3, from);
    return ps;
  }

  /** Reads a pragma on the writer connection, e.g. {@code health.synchronous}; for tests and diagnostics. */
  String writerPragma(String name) {
    if (!name.matches("[a-z_.]+")) {
      throw new IllegalArgumentException("not a pragma name: " + name);
    }
    writeLock.lock();
    try (Statement st = writer.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new StoreException("pragma " + name + " failed on " + file, e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Closes every connection, then releases the lease if held; idempotent. Later calls fail with a
   * {@link StoreException}.
   */
  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        writer.close();
      } finally {
        try {
          connections.close();
        } finally {
          if (lease != null) {
            lease.close();
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreException("close: cannot close SQLite store " + file, e);
    } finally {
      writeLock.unlock();
    }
  }

  private interface SqlWork {
    void run(Connection c) throws SQLException;
  }

  private interface SqlQuery<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} in one immediate transaction on the writer; durable when it returns. */
  private void write(String operation, SqlWork work) {
    writeLock.lock();
    try {
      ensureOpen(operation);
      try (Statement st = writer.createStatement()) {
        st.executeUpdate("BEGIN IMMEDIATE");
        try {
          work.run(writer);
          st.executeUpdate("COMMIT");
        } catch (SQLException | RuntimeException e) {
          rollback(st, e);
          throw e;
        }
      }
    } catch (SQLException e) {
      throw new StoreException(operation + " failed on " + file + ": " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  private static void rollback(Statement st, Exception cause) {
    try {
      st.executeUpdate("ROLLBACK");
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private <T> T read(String operation, SqlQuery<T> query) {
    ensureOpen(operation);
    try {
      Connection c = connections.borrowReader();
      try {
        return query.run(c);
      } finally {
        connections.release(c);
      }
    } catch (SQLException e) {
      throw new StoreException(operation + " failed on " + file + ": " + e.getMessage(), e);
    }
  }

  private void ensureOpen(String operation) {
    if (closed) {
      throw new StoreException(operation + ": the store " + file + " is closed");
    }
  }
}
