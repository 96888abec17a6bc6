package dev.uptally.collector.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.uptally.collector.store.StoreException;
import dev.uptally.collector.store.jdbc.Database;
import dev.uptally.collector.store.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A PostgreSQL database through a HikariCP pool. Writes run concurrently, each on its own pooled connection, in
 * {@code READ COMMITTED} (every write is an upsert or touches rows only one writer owns); reads run in one
 * {@code REPEATABLE READ}, read-only transaction each, so a read of several statements sees one snapshot. Every
 * connection runs with {@code synchronous_commit = on}: a write returns only once its commit is durable.
 *
 * <p>Fencing: when opened under a lease, every write first checks, under a share lock on the lease row, that the
 * lease's epoch is still this collector's; a collector that took over bumped it, so the old one's writes fail
 * rather than overwrite the new one's (a session can be dropped and its advisory lock taken by a standby while this
 * process still runs).
 */
final class PostgresDatabase extends Database {

  private final HikariDataSource pool;
  /** The epoch to check before every write; 0 when opened without a lease. */
  private final long epoch;
  private final ThreadLocal<Connection> current = new ThreadLocal<>();

  PostgresDatabase(String name, HikariDataSource pool, long epoch) {
    super(name, Dialect.POSTGRES);
    this.pool = pool;
    this.epoch = epoch;
  }

  @Override
  protected <T> T inWriteTransaction(SqlWork<T> work) throws SQLException {
    Connection joined = current.get();
    if (joined != null) {
      return work.run(joined);
    }
    try (Connection c = pool.getConnection()) {
      current.set(c);
      try {
        return transaction(c, tx -> {
          fence(tx);
          return work.run(tx);
        });
      } finally {
        current.remove();
      }
    }
  }

  @Override
  protected <T> T inReadTransaction(SqlWork<T> work) throws SQLException {
    Connection joined = current.get();
    if (joined != null) {
      return work.run(joined);
    }
    try (Connection c = pool.getConnection()) {
      c.setReadOnly(true);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      return transaction(c, work); // the pool restores read-only and isolation when the connection returns
    }
  }

  private void fence(Connection c) throws SQLException {
    if (epoch == 0) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT epoch FROM collector_lease WHERE id = 1 FOR SHARE");
        ResultSet rs = ps.executeQuery()) {
      long stored = rs.next() ? rs.getLong(1) : -1;
      if (stored != epoch) {
        throw new StoreException("the lease on " + name() + " was taken over by another collector (lease epoch "
            + stored + ", this collector's " + epoch + "): this collector no longer writes");
      }
    }
  }

  @Override
  protected void closeConnections() {
    pool.close();
  }
}
