package dev.uptally.config;

import static dev.uptally.config.ConfigFiles.assertHasProblem;
import static dev.uptally.config.ConfigFiles.collectorProblems;
import static dev.uptally.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.config.collector.StorageConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code storage.postgres} and {@code storage.standby}: what loads, and what is refused with its line. */
class PostgresStorageConfigTest {

  @TempDir
  Path dir;

  private Path storage(String yaml) {
    return write(dir, "c.yaml", "storage:\n" + yaml);
  }

  @Test
  void aPostgresStorageLoadsWithItsSecretFromTheEnvironmentAndNeverPrintsIt() {
    StorageConfig s = CollectorConfigLoader.load(storage("""
          postgres: {url: "jdbc:postgresql://db.example:5432/uptally?sslmode=verify-full", user: uptally,
                     password: "${DB_PASSWORD}", maxPoolSize: 12}
          standby: true
        """), Map.of("DB_PASSWORD", "s3cret-password")).storage();
    assertThat(s).isEqualTo(new StorageConfig.Postgres("jdbc:postgresql://db.example:5432/uptally?sslmode=verify-full",
        "uptally", "s3cret-password", 12, true));
    assertThat(s.toString()).doesNotContain("s3cret-password");
  }

  @Test
  void loopbackNeedsNoTlsAndTheDefaultsApply() {
    StorageConfig s = CollectorConfigLoader.load(storage("""
          postgres: {url: "jdbc:postgresql://127.0.0.1:5432/uptally", user: u, password: p}
        """), Map.of()).storage();
    assertThat(s).isEqualTo(new StorageConfig.Postgres("jdbc:postgresql://127.0.0.1:5432/uptally", "u", "p",
        StorageConfig.Postgres.DEFAULT_POOL_SIZE, false));
  }

  @Test
  void plaintextToAnotherHostIsRefusedUnlessAskedFor() {
    assertHasProblem(collectorProblems(storage("""
          postgres: {url: "jdbc:postgresql://db.example:5432/uptally", user: u, password: p}
        """), Map.of()), "c.yaml", 2, "storage.postgres.url", "without encryption");
    assertThat(CollectorConfigLoader.load(storage("""
          postgres: {url: "jdbc:postgresql://db.example:5432/uptally?sslmode=disable", user: u, password: p}
        """), Map.of()).storage()).isInstanceOf(StorageConfig.Postgres.class);
  }

  @Test
  void credentialsInTheUrlAMissingDatabaseAndAnotherSchemeAreRefused() {
    assertHasProblem(collectorProblems(storage("""
          postgres: {url: "jdbc:postgresql://127.0.0.1/uptally?password=x", user: u}
        """), Map.of()), "c.yaml", 2, "storage.postgres.url", "must not carry credentials");
    assertHasProblem(collectorProblems(storage("""
          postgres: {url: "jdbc:postgresql://127.0.0.1:5432/", user: u}
        """), Map.of()), "c.yaml", 2, "storage.postgres.url", "must name a host and a database");
    assertHasProblem(collectorProblems(storage("""
          postgres: {url: "jdbc:mysql://127.0.0.1/uptally", user: u}
        """), Map.of()), "c.yaml", 2, "storage.postgres.url", "not a PostgreSQL JDBC URL");
    assertHasProblem(collectorProblems(storage("""
          postgres: {url: "jdbc:postgresql://127.0.0.1/uptally", maxPoolSize: 1}
        """), Map.of()), "c.yaml", 2, "storage.postgres.maxPoolSize", "");
  }

  @Test
  void checkConfigNamesTheDatabaseAndTheStandbyButNotThePassword() {
    Path f = storage("""
          postgres: {url: "jdbc:postgresql://127.0.0.1:5432/uptally", user: uptally, password: "${DB_PASSWORD}"}
          standby: true
        """);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int status = CheckConfig.run(f, Map.of("DB_PASSWORD", "s3cret-password"), new java.io.PrintStream(out, true),
        new java.io.PrintStream(err, true));
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).contains("storage PostgreSQL jdbc:postgresql://127.0.0.1:5432/uptally as uptally,"
        + " standby").doesNotContain("s3cret-password");
  }
}
