package dev.uptally.collector.store;

import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.store.sqlite.SqliteStorage;
import java.util.List;

class SqliteAuditCrashTest extends AuditCrashTest {

  @Override
  protected List<String> storageArgs() {
    return List.of(dir.resolve("audit-crash.db").toString());
  }

  @Override
  protected JdbcStorage openStorage() {
    return SqliteStorage.open(dir.resolve("audit-crash.db"));
  }
}
