package dev.uptally.collector;

import dev.uptally.collector.store.LeaseHeldException;
import dev.uptally.collector.store.StoreException;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.store.postgres.PostgresStorage;
import dev.uptally.collector.store.sqlite.SqliteStorage;
import dev.uptally.config.collector.StorageConfig;
import java.time.Clock;

/** The one place storage is opened from its config ({@code storage.sqlite} or {@code storage.postgres}). */
public final class StorageFactory {

  private StorageFactory() {}

  /**
   * Opens a collector's own storage, taking the exclusive lease first.
   *
   * @throws LeaseHeldException when another collector holds the lease (a standby waits and tries again)
   * @throws StoreException when the storage is damaged, unreachable or newer than this code
   */
  public static JdbcStorage openExclusive(StorageConfig config, Clock clock) {
    if (config instanceof StorageConfig.Sqlite s) {
      return SqliteStorage.openExclusive(s.path(), clock);
    }
    return PostgresStorage.openExclusive((StorageConfig.Postgres) config, clock);
  }

  /** Where the data lives, for messages: the file, or the URL (which never carries the password). */
  public static String describe(StorageConfig config) {
    if (config instanceof StorageConfig.Sqlite s) {
      return "SQLite " + s.path().toAbsolutePath();
    }
    return "PostgreSQL " + ((StorageConfig.Postgres) config).url();
  }
}
