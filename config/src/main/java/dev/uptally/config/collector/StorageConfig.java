package dev.uptally.config.collector;

import java.nio.file.Path;

/**
 * Where the collector keeps its state: an embedded SQLite file, or a PostgreSQL database. {@code standby}: when
 * another collector holds the database's lease, wait for it to free (answering 503) instead of refusing to start.
 */
public sealed interface StorageConfig permits StorageConfig.Sqlite, StorageConfig.Postgres {

  boolean standby();

  /** @param path the main database file; its health file and lock file lie beside it */
  record Sqlite(Path path, boolean standby) implements StorageConfig {

    public Sqlite(Path path) {
      this(path, false);
    }
  }

  /**
   * @param url {@code jdbc:postgresql://host:port/database[?…]}
   * @param maxPoolSize connections the collector opens at most (one more holds the lease)
   */
  record Postgres(String url, String user, String password, int maxPoolSize, boolean standby)
      implements StorageConfig {

    public static final int DEFAULT_POOL_SIZE = 8;

    @Override
    public String toString() {
      return "Postgres[url=" + url + ", user=" + user + ", password=" + (password == null ? null : "***")
          + ", maxPoolSize=" + maxPoolSize + ", standby=" + standby + "]";
    }
  }
}
