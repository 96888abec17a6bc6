package dev.uptally.collector.store;

import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.testing.RequiresPostgres;
import dev.uptally.config.collector.StorageConfig;
import java.time.Clock;
import java.util.List;

/** SIGKILL of a process acknowledging incidents on PostgreSQL: each acknowledgement kept with its audit row or lost. */
@RequiresPostgres
class PostgresAuditCrashTest extends AuditCrashTest {

  private final PostgresTestStorage database = new PostgresTestStorage();

  @Override
  protected List<String> storageArgs() {
    StorageConfig.Postgres c = database.config();
    return List.of("postgres", c.url(), c.user(), c.password());
  }

  @Override
  protected JdbcStorage openStorage() {
    return database.open(Clock.systemUTC());
  }
}
