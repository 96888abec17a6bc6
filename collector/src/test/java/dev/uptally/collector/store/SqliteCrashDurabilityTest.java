package dev.uptally.collector.store;

import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.store.sqlite.SqliteStorage;
import java.util.List;

class SqliteCrashDurabilityTest extends CrashDurabilityTest {

  @Override
  protected List<String> storageArgs() {
    return List.of(dir.resolve("crash.db").toString());
  }

  @Override
  protected JdbcStorage openStorage() {
    return SqliteStorage.open(dir.resolve("crash.db"));
  }
}
