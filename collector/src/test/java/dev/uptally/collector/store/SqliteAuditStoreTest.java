package dev.uptally.collector.store;

import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.store.sqlite.SqliteStorage;
import java.nio.file.Path;

class SqliteAuditStoreTest extends AuditStoreContractTest {

  @Override
  protected JdbcStorage newStorage(Path dir) {
    return SqliteStorage.open(dir.resolve("uptally.db"));
  }
}
