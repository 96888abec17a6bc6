package dev.uptally.collector.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.uptally.collector.store.LeaseHeldException;
import dev.uptally.collector.store.StoreException;
import dev.uptally.collector.store.jdbc.Dialect;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.store.jdbc.Migrator;
import dev.uptally.config.collector.StorageConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Properties;

/**
 * Opens the PostgreSQL storage (13 or newer): migrations from {@code db/postgres} (numbered as SQLite's), a HikariCP
 * pool for the stores, and, for a collector's own storage, the lease. {@code docs/storage.md} explains the choices.
 */
public final class PostgresStorage {

  static final String MIGRATIONS = "db/postgres";
  /** A statement the pool's connections run first: acknowledged means committed and flushed (design: Storage). */
  static final String SESSION_SETTINGS = "SET synchronous_commit = on";
  private static final int CONNECT_TIMEOUT_SECONDS = 5;

  private PostgresStorage() {}

  /**
   * Opens the storage without a lease (tools and tests): migrates under a table lock, then pools.
   *
   * @throws StoreException naming the database (never the password) when it cannot be reached or migrated
   */
  public static JdbcStorage open(StorageConfig.Postgres config, Clock clock) {
    try (Connection c = connect(config, "uptally-migrate")) {
      new Migrator(MIGRATIONS, Dialect.POSTGRES, clock).migrate(c, config.url());
    } catch (SQLException e) {
      throw new StoreException("open: cannot migrate PostgreSQL database " + config.url() + ": " + e.getMessage(), e);
    }
    return new JdbcStorage(new PostgresDatabase(config.url(), pool(config), 0), null);
  }

  /**
   * Opens the storage as a collector's own: takes the lease (a session advisory lock), migrates on that session,
   * bumps the lease epoch, then pools. Writes check the epoch, so a collector that lost the lease cannot write.
   *
   * @throws LeaseHeldException naming the database and the holder when another collector holds the lease
   * @throws StoreException when the database cannot be reached or migrated
   */
  public static JdbcStorage openExclusive(StorageConfig.Postgres config, Clock clock) {
    PostgresLease lease = PostgresLease.acquire(() -> connectOrFail(config, "uptally-lease"), config.url(), clock);
    try {
      try {
        new Migrator(MIGRATIONS, Dialect.POSTGRES, clock).migrate(lease.session(), config.url());
      } catch (SQLException e) {
        throw new StoreException("open: cannot migrate PostgreSQL database " + config.url() + ": " + e.getMessage(),
            e);
      }
      long epoch = lease.claim(clock.millis());
      return new JdbcStorage(new PostgresDatabase(config.url(), pool(config), epoch), lease);
    } catch (RuntimeException e) {
      try {
        lease.close();
      } catch (StoreException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private static HikariDataSource pool(StorageConfig.Postgres config) {
    HikariConfig h = new HikariConfig();
    h.setPoolName("uptally-postgres");
    h.setJdbcUrl(config.url());
    h.setUsername(config.user());
    h.setPassword(config.password());
    h.setMaximumPoolSize(config.maxPoolSize());
    h.setMinimumIdle(Math.min(2, config.maxPoolSize()));
    h.setConnectionInitSql(SESSION_SETTINGS);
    h.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
    h.setValidationTimeout(2_000);
    // start even while the database is away: ingest answers 503 until it is back, and the pool reconnects
    h.setInitializationFailTimeout(-1);
    h.addDataSourceProperty("ApplicationName", "uptally-collector");
    h.addDataSourceProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
    h.addDataSourceProperty("tcpKeepAlive", true);
    h.addDataSourceProperty("reWriteBatchedInserts", true);
    try {
      return new HikariDataSource(h);
    } catch (RuntimeException e) {
      throw new StoreException("open: cannot create the connection pool for " + config.url() + ": "
          + e.getMessage(), e);
    }
  }

  private static Connection connectOrFail(StorageConfig.Postgres config, String application) {
    try {
      return connect(config, application);
    } catch (SQLException e) {
      throw new StoreException("cannot connect to PostgreSQL " + config.url() + ": " + e.getMessage(), e);
    }
  }

  private static Connection connect(StorageConfig.Postgres config, String application) throws SQLException {
    Properties p = new Properties();
    if (config.user() != null) {
      p.setProperty("user", config.user());
    }
    if (config.password() != null) {
      p.setProperty("password", config.password());
    }
    p.setProperty("ApplicationName", application);
    p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    p.setProperty("tcpKeepAlive", "true");
    Connection c = DriverManager.getConnection(config.url(), p);
    try (var st = c.createStatement()) {
      st.execute(SESSION_SETTINGS);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }
}
