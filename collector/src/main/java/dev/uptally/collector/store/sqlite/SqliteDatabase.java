package dev.uptally.collector.store.sqlite;

import dev.uptally.collector.store.StoreException;
import dev.uptally.collector.store.jdbc.Database;
import dev.uptally.collector.store.jdbc.Dialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The main SQLite file with its health file attached: one writer connection, on which writes are serialised (SQLite
 * has one writer at a time anyway), and read-only readers beside it that read a WAL snapshot while the writer
 * commits. A write begins {@code IMMEDIATE}, taking the file's write lock before it reads anything.
 */
final class SqliteDatabase extends Database {

  private final Path file;
  private final SqliteConnections connections;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Connection writer;

  SqliteDatabase(Path file, SqliteConnections connections, Connection writer) {
    super(file.toString(), Dialect.SQLITE);
    this.file = file;
    this.connections = connections;
    this.writer = writer;
  }

  Path file() {
    return file;
  }

  @Override
  protected <T> T inWriteTransaction(SqlWork<T> work) throws SQLException {
    writeLock.lock();
    try {
      // a write inside a write (same thread) joins it
      return writeLock.getHoldCount() > 1 ? work.run(writer) : transaction(writer, work);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  protected <T> T inReadTransaction(SqlWork<T> work) throws SQLException {
    if (writeLock.isHeldByCurrentThread()) {
      return work.run(writer); // inside this thread's write: see what it wrote
    }
    Connection reader = connections.borrowReader();
    try (Statement st = reader.createStatement()) {
      st.executeUpdate("BEGIN"); // one snapshot for every statement of the work
      try {
        T result = work.run(reader);
        st.executeUpdate("COMMIT");
        return result;
      } catch (SQLException | RuntimeException e) {
        Dialect.SQLITE.rollbackAfter(reader, e);
        throw e;
      }
    } finally {
      connections.release(reader);
    }
  }

  /** Reads a pragma on the writer, e.g. {@code health.synchronous}; for tests and diagnostics. */
  String writerPragma(String name) {
    if (!name.matches("[a-z_.]+")) {
      throw new IllegalArgumentException("not a pragma name: " + name);
    }
    return write("pragma " + name, c -> {
      try (Statement st = c.createStatement(); var rs = st.executeQuery("PRAGMA " + name)) {
        return rs.next() ? rs.getString(1) : null;
      }
    });
  }

  @Override
  protected void closeConnections() {
    writeLock.lock();
    try {
      try {
        writer.close();
      } finally {
        connections.close();
      }
    } catch (SQLException e) {
      throw new StoreException("close: cannot close SQLite store " + file, e);
    } finally {
      writeLock.unlock();
    }
  }
}
