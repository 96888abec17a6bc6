package dev.uptally.collector.store.jdbc;

import dev.uptally.collector.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One database the stores share, with its transactions: {@link #write} runs work in one write transaction, durable
 * when it returns; {@link #read} runs it in one read transaction (a consistent snapshot). A write or read started on
 * a thread already inside a write joins that transaction, so a store may read what it just wrote before committing.
 * SQL failures become {@link StoreException}s naming the operation and the database ({@link #name()}: a file, or a
 * URL without credentials).
 *
 * <p>Implementations: {@code SqliteDatabase} (one writer, read-only readers beside it) and {@code PostgresDatabase}
 * (a connection pool). Thread-safe.
 */
public abstract class Database implements AutoCloseable {

  /** Work on a connection inside a transaction the database manages. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  private final String name;
  private final Dialect dialect;
  private volatile boolean closed;

  protected Database(String name, Dialect dialect) {
    this.name = name;
    this.dialect = dialect;
  }

  /** Where the data lives, for messages: the main file, or the JDBC URL without credentials. */
  public final String name() {
    return name;
  }

  public final Dialect dialect() {
    return dialect;
  }

  /** Runs {@code work} in one write transaction (or the current thread's); durable when it returns. */
  public final <T> T write(String operation, SqlWork<T> work) {
    ensureOpen(operation);
    try {
      return inWriteTransaction(work);
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  /** Runs {@code work} in one read transaction, or inside the current thread's write transaction. */
  public final <T> T read(String operation, SqlWork<T> work) {
    ensureOpen(operation);
    try {
      return inReadTransaction(work);
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  /** The failure of {@code operation} on this database. */
  public final StoreException failure(String operation, SQLException e) {
    return new StoreException(operation + " failed on " + name + ": " + e.getMessage(), e);
  }

  protected abstract <T> T inWriteTransaction(SqlWork<T> work) throws SQLException;

  protected abstract <T> T inReadTransaction(SqlWork<T> work) throws SQLException;

  /** Runs {@code work} between {@link Dialect#begin} and {@link Dialect#commit} on {@code c}, rolling back on failure. */
  protected final <T> T transaction(Connection c, SqlWork<T> work) throws SQLException {
    dialect.begin(c);
    T result;
    try {
      result = work.run(c);
    } catch (SQLException | RuntimeException e) {
      dialect.rollbackAfter(c, e);
      throw e;
    }
    try {
      dialect.commit(c);
    } catch (SQLException e) {
      dialect.rollbackAfter(c, e);
      throw e;
    }
    return result;
  }

  /** Closes connections; the lease, if held, is released by whoever took it. Idempotent. */
  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      closeConnections();
    }
  }

  protected abstract void closeConnections();

  protected final boolean closed() {
    return closed;
  }

  private void ensureOpen(String operation) {
    if (closed) {
      throw new StoreException(operation + ": the database " + name + " is closed");
    }
  }
}
