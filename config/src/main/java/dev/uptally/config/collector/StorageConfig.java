package dev.uptally.config.collector;

import java.nio.file.Path;

/** Exactly one of {@code sqlitePath} and {@code postgresUrl} is set. */
public record StorageConfig(Path sqlitePath, String postgresUrl, String postgresUser, String postgresPassword) {

  @Override
  public String toString() {
    return "StorageConfig[sqlitePath=" + sqlitePath + ", postgresUrl=" + postgresUrl
        + ", postgresUser=" + postgresUser + ", postgresPassword=" + (postgresPassword == null ? null : "***") + "]";
  }
}
