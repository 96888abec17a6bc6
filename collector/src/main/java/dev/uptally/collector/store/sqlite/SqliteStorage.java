package dev.uptally.collector.store.sqlite;

import dev.uptally.collector.store.LeaseHeldException;
import dev.uptally.collector.store.StoreException;
import dev.uptally.collector.store.jdbc.Dialect;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.store.jdbc.Migrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Opens the embedded SQLite storage: one main file (WAL, {@code synchronous=FULL}) for acknowledged state and a
 * {@code <name>-health.db} file (WAL, {@code synchronous=NORMAL}) for the newest health, which every heartbeat
 * re-sends. {@code docs/storage.md} explains the schema and the durability choices.
 */
public final class SqliteStorage {

  static final String MAIN_MIGRATIONS = "db/sqlite";
  static final String HEALTH_MIGRATIONS = "db/sqlite/health";

  private SqliteStorage() {}

  /** Opens (creating when missing, migrating when older) the storage at {@code dbFile}, without a lease. */
  public static JdbcStorage open(Path dbFile) {
    return open(dbFile, Clock.systemUTC());
  }

  /**
   * Opens the storage without a lease: for tools and tests beside a collector's own. Before anything is written, a
   * main file that is missing or empty while an earlier database's files remain is refused, and both files must
   * pass {@code PRAGMA quick_check}.
   *
   * @param clock stamps {@code schema_version.applied_at_ms}
   * @throws StoreException naming the file concerned when a file is lost, damaged, cannot be opened or is newer
   *     than this code
   */
  public static JdbcStorage open(Path dbFile, Clock clock) {
    Path file = prepareDirectory(dbFile);
    return openFiles(file, clock, null);
  }

  /**
   * Opens the storage as a collector's own: first takes the exclusive lease on the database ({@code <file>.lock},
   * an OS lock that frees itself when this process dies), held until the storage is closed; then as
   * {@link #open(Path, Clock)}.
   *
   * @throws LeaseHeldException naming the file and the holder when another collector, in this process or another,
   *     holds the lease
   * @throws StoreException as {@link #open(Path, Clock)}
   */
  public static JdbcStorage openExclusive(Path dbFile, Clock clock) {
    Path file = prepareDirectory(dbFile);
    SqliteLease lease = SqliteLease.acquire(file, clock);
    try {
      return openFiles(file, clock, lease);
    } catch (RuntimeException e) {
      try {
        lease.close();
      } catch (StoreException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** {@code uptally.db} → {@code uptally-health.db}; a name without {@code .db} gets the suffix appended. */
  public static Path healthFileOf(Path file) {
    String name = file.getFileName().toString();
    String base = name.endsWith(".db") ? name.substring(0, name.length() - 3) : name;
    return file.resolveSibling(base + "-health.db");
  }

  private static Path prepareDirectory(Path dbFile) {
    Path file = dbFile.toAbsolutePath().normalize();
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new StoreException("open: cannot create the directory of " + file + ": " + e, e);
    }
    return file;
  }

  private static JdbcStorage openFiles(Path file, Clock clock, SqliteLease lease) {
    Path healthFile = healthFileOf(file);
    SqliteFileCheck.refuseLostMainFile(file, healthFile);
    // main first: a first start killed before the main file has its header leaves no health file beside it
    prepare(file, "FULL", MAIN_MIGRATIONS, clock, "It holds the devices, their tokens and their history: restore"
        + " it from a backup, or salvage what is readable with: sqlite3 " + file + " .recover | sqlite3 recovered.db");
    prepare(healthFile, "NORMAL", HEALTH_MIGRATIONS, clock, "It holds only the newest health of each device,"
        + " which every heartbeat re-sends: move it away and start again to have it recreated empty (nothing else"
        + " is lost); the main database " + file + " is a separate file");
    SqliteConnections connections = new SqliteConnections(file, healthFile);
    try {
      return new JdbcStorage(new SqliteDatabase(file, connections, connections.openWriter()), lease);
    } catch (SQLException e) {
      throw new StoreException("open: cannot open SQLite store " + file + " with " + healthFile + " attached: "
          + e.getMessage(), e);
    }
  }

  /** Opens one file alone, checks its pages and migrates it; every failure names that file. */
  private static void prepare(Path file, String synchronous, String migrations, Clock clock, String role) {
    try (Connection c = SqliteConnections.openWritable(file, synchronous)) {
      SqliteFileCheck.quickCheck(c, file, role);
      new Migrator(migrations, Dialect.SQLITE, clock).migrate(c, file.toString());
    } catch (SQLException e) {
      throw new StoreException("open: cannot open SQLite database " + file + ": " + e.getMessage() + ". " + role, e);
    }
  }
}
