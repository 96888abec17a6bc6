package dev.uptally.collector.store;

import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.testing.RequiresPostgres;
import dev.uptally.config.collector.StorageConfig;
import java.time.Clock;
import java.util.List;

/** SIGKILL of a writer on PostgreSQL: every update it acknowledged (after commit) is in the database afterwards. */
@RequiresPostgres
class PostgresCrashDurabilityTest extends CrashDurabilityTest {

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
