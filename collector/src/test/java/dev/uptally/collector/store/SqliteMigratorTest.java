package dev.uptally.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.junit.jupiter.api.Test;

class SqliteMigratorTest {

  @Test
  void shippedMigrationSetsAreNumberedFromOne() {
    assertThat(new SqliteMigrator(SqliteStore.MAIN_MIGRATIONS, Clock.systemUTC()).migrations())
        .extracting(SqliteMigrator.Migration::version).startsWith(1).isSorted();
    assertThat(new SqliteMigrator(SqliteStore.HEALTH_MIGRATIONS, Clock.systemUTC()).migrations())
        .first().isEqualTo(new SqliteMigrator.Migration(1, "init", "V1__init.sql"));
  }

  @Test
  void aMissingMigrationSetIsNamedInTheError() {
    assertThatThrownBy(() -> new SqliteMigrator("db/nowhere", Clock.systemUTC()).migrations())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("db/nowhere/migrations.txt");
  }
}
