package dev.uptally.collector.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.sqlite.SQLiteConfig;

/**
 * Opens the store's connections and keeps idle read-only ones for reuse.
 *
 * <p>The writer opens the main file with {@code synchronous=FULL} and attaches the health file as
 * schema {@code health} with {@code synchronous=NORMAL}. Readers open read-only (the attached file
 * inherits the flag), so WAL lets them read a snapshot while the writer commits. Thread-safe.
 */
final class SqliteConnections {

  static final int BUSY_TIMEOUT_MILLIS = 5_000;
  private static final int IDLE_READERS = 4;

  private final Path mainFile;
  private final Path healthFile;
  private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(IDLE_READERS);
  private volatile boolean closed;

  SqliteConnections(Path mainFile, Path healthFile) {
    this.mainFile = mainFile;
    this.healthFile = healthFile;
  }

  /** A read-write connection to one file in WAL mode with the given {@code synchronous} level, no attachments. */
  static Connection openWritable(Path file, String synchronous) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.enforceForeignKeys(true);
    // no statement here reads generated keys; with them on, the driver prepares and runs a
    // SELECT last_insert_rowid() after every insert or update: a third of a group commit's time
    config.setGetGeneratedKeys(false);
    Connection c = config.createConnection("jdbc:sqlite:" + file);
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA synchronous=" + synchronous);
    } catch (SQLException e) {
      closeAfterFailure(c, e);
      throw e;
    }
    return c;
  }

  /** The single writer: main file FULL, health file attached as {@code health}, NORMAL. */
  Connection openWriter() throws SQLException {
    Connection c = openWritable(mainFile, "FULL");
    try {
      attachHealth(c);
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA health.journal_mode=WAL");
        st.execute("PRAGMA health.synchronous=NORMAL");
      }
    } catch (SQLException e) {
      closeAfterFailure(c, e);
      throw e;
    }
    return c;
  }

  /** An idle reader or a new one; give it back with {@link #release(Connection)}. */
  Connection borrowReader() throws SQLException {
    Connection c = idleReaders.poll();
    return c != null ? c : openReader();
  }

  /** Keeps the reader for reuse, or closes it when enough are idle or the store is closed. */
  void release(Connection reader) throws SQLException {
    if (closed || !idleReaders.offer(reader)) {
      reader.close();
    }
    if (closed) {
      closeIdleReaders();
    }
  }

  /** Closes idle readers; readers in use close when released. */
  void close() throws SQLException {
    closed = true;
    closeIdleReaders();
  }

  private void closeIdleReaders() throws SQLException {
    for (Connection c = idleReaders.poll(); c != null; c = idleReaders.poll()) {
      c.close();
    }
  }

  private Connection openReader() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    Connection c = config.createConnection("jdbc:sqlite:" + mainFile);
    try {
      attachHealth(c);
    } catch (SQLException e) {
      closeAfterFailure(c, e);
      throw e;
    }
    return c;
  }

  private void attachHealth(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("ATTACH DATABASE ? AS health")) {
      ps.setString(1, healthFile.toString());
      ps.execute();
    }
  }

  static void closeAfterFailure(Connection c, Exception cause) {
    try {
      c.close();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
