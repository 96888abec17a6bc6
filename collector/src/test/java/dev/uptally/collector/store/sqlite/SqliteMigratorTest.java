package dev.uptally.collector.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.store.jdbc.Dialect;
import dev.uptally.collector.store.jdbc.Migrator;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class MigratorTest {

  @Test
  void shippedMigrationSetsAreNumberedFromOne() {
    assertThat(new Migrator(SqliteStorage.MAIN_MIGRATIONS, Dialect.SQLITE, Clock.systemUTC()).migrations())
        .extracting(Migrator.Migration::version).startsWith(1).isSorted();
    assertThat(new Migrator(SqliteStorage.HEALTH_MIGRATIONS, Dialect.SQLITE, Clock.systemUTC()).migrations())
        .first().isEqualTo(new Migrator.Migration(1, "init", "V1__init.sql"));
  }

  @Test
  void aMissingMigrationSetIsNamedInTheError() {
    assertThatThrownBy(() -> new Migrator("db/nowhere", Dialect.SQLITE, Clock.systemUTC()).migrations())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("db/nowhere/migrations.txt");
  }
}
