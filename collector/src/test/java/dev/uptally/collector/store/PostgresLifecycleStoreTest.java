package dev.uptally.collector.store;

import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.testing.RequiresPostgres;
import java.nio.file.Path;
import java.time.Clock;

@RequiresPostgres
class PostgresLifecycleStoreTest extends LifecycleStoreContractTest {

  private PostgresTestStorage database;

  @Override
  protected JdbcStorage newStorage(Path dir) {
    if (database == null) {
      database = new PostgresTestStorage();
    }
    return database.openExclusive(Clock.systemUTC());
  }
}
