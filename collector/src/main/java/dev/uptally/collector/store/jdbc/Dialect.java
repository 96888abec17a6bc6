package dev.uptally.collector.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What differs between the two databases in the statements the stores share. The SQL itself is common (upserts are
 * {@code INSERT … ON CONFLICT}, which SQLite 3.24+ and PostgreSQL 9.5+ both speak); a statement names the health
 * table as {@code {health}} and the outbox's write order as {@code {outbox_order}}.
 */
public enum Dialect {

  /** The newest health lives in an attached file ({@code synchronous=NORMAL}); a write takes the file's lock first. */
  SQLITE("health.device_health", "rowid", true) {
    @Override
    public void begin(Connection c) throws SQLException {
      try (Statement st = c.createStatement()) {
        st.executeUpdate("BEGIN IMMEDIATE");
      }
    }

    @Override
    public void commit(Connection c) throws SQLException {
      try (Statement st = c.createStatement()) {
        st.executeUpdate("COMMIT");
      }
    }

    @Override
    public void rollback(Connection c) throws SQLException {
      try (Statement st = c.createStatement()) {
        st.executeUpdate("ROLLBACK");
      }
    }
  },

  /** One schema; the outbox numbers its rows ({@code seq}), as SQLite's rowid does. */
  POSTGRES("device_health", "seq", false) {
    @Override
    public void begin(Connection c) throws SQLException {
      c.setAutoCommit(false);
    }

    @Override
    public void commit(Connection c) throws SQLException {
      c.commit();
      c.setAutoCommit(true);
    }

    @Override
    public void rollback(Connection c) throws SQLException {
      c.rollback();
      c.setAutoCommit(true);
    }
  };

  private final String healthTable;
  private final String outboxOrder;
  private final boolean oneWriterConnection;

  Dialect(String healthTable, String outboxOrder, boolean oneWriterConnection) {
    this.healthTable = healthTable;
    this.outboxOrder = outboxOrder;
    this.oneWriterConnection = oneWriterConnection;
  }

  /**
   * Whether every write runs on the same connection for the database's life (SQLite's one writer), so statements
   * prepared on it can be kept between writes; PostgreSQL borrows pooled connections.
   */
  public boolean oneWriterConnection() {
    return oneWriterConnection;
  }

  /** The statement with its placeholders filled in for this database. */
  public String sql(String statement) {
    return statement.replace("{health}", healthTable).replace("{outbox_order}", outboxOrder);
  }

  /** Starts a write transaction on a connection in auto-commit mode. */
  public abstract void begin(Connection c) throws SQLException;

  /** Commits what {@link #begin} started and returns the connection to auto-commit mode. */
  public abstract void commit(Connection c) throws SQLException;

  public abstract void rollback(Connection c) throws SQLException;

  /** Rolls back after {@code cause}, keeping a failure to roll back as a suppressed exception of it. */
  public void rollbackAfter(Connection c, Exception cause) {
    try {
      rollback(c);
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
