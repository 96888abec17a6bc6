package dev.uptally.collector.store;

import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.store.postgres.PostgresStorage;
import dev.uptally.collector.testing.PostgresServer;
import dev.uptally.config.collector.StorageConfig;
import java.time.Clock;

/** A database of its own on the tests' PostgreSQL, opened (and opened again) as a collector's storage would be. */
public final class PostgresTestStorage {

  private final StorageConfig.Postgres config;

  public PostgresTestStorage() {
    PostgresServer server = PostgresServer.get().orElseThrow(() -> new IllegalStateException(
        "PostgreSQL not available: " + PostgresServer.unavailableReason()));
    this.config = new StorageConfig.Postgres(server.jdbcUrl(server.createDatabase()), server.user(),
        server.password(), 4, false);
  }

  public StorageConfig.Postgres config() {
    return config;
  }

  /** Without the lease, as tools open it. */
  public JdbcStorage open(Clock clock) {
    return PostgresStorage.open(config, clock);
  }

  /** Under the lease, as a collector opens it. */
  public JdbcStorage openExclusive(Clock clock) {
    return PostgresStorage.openExclusive(config, clock);
  }
}
