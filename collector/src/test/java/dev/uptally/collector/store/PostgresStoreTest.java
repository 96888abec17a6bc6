package dev.uptally.collector.store;

import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.testing.RequiresPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** The device store's contract on PostgreSQL: a database of its own per test, opened under the lease. */
@RequiresPostgres
class PostgresStoreTest extends DeviceStoreContractTest {

  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(StoreFixtures.T0), ZoneOffset.UTC);
  private PostgresTestStorage database;

  @Override
  protected JdbcStorage newStorage(Path dir) {
    if (database == null) {
      database = new PostgresTestStorage();
    }
    return database.openExclusive(CLOCK);
  }
}
