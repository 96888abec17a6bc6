package dev.uptally.collector.store;

import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.testing.RequiresPostgres;
import java.nio.file.Path;
import java.time.Clock;

/** The audit store's contract on PostgreSQL: a database of its own per test, opened under the lease. */
@RequiresPostgres
class PostgresAuditStoreTest extends AuditStoreContractTest {

  private PostgresTestStorage database;

  @Override
  protected JdbcStorage newStorage(Path dir) {
    if (database == null) {
      database = new PostgresTestStorage();
    }
    return database.openExclusive(Clock.systemUTC());
  }
}
