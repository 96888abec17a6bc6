package dev.uptally.collector.store;

import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.store.sqlite.SqliteStorage;
import java.nio.file.Path;

class SqliteLifecycleStoreTest extends LifecycleStoreContractTest {

  @Override
  protected JdbcStorage newStorage(Path dir) {
    return SqliteStorage.open(dir.resolve("uptally.db"));
  }
}
