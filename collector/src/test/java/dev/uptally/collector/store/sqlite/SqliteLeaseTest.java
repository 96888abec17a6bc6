package dev.uptally.collector.store.sqlite;

import static dev.uptally.collector.store.StoreFixtures.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.store.StoreException;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One collector per database: {@link SqliteStorage#openExclusive} holds an OS lock on {@code <file>.lock}. */
class SqliteLeaseTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
  private static final long PID = ProcessHandle.current().pid();

  @TempDir Path dir;

  private Path main() {
    return dir.resolve("uptally.db");
  }

  @Test
  void theHolderIsWrittenBesideTheLock() throws Exception {
    try (JdbcStorage store = SqliteStorage.openExclusive(main(), CLOCK)) {
      assertThat(Files.readString(dir.resolve("uptally.db.lock")))
          .startsWith("pid " + PID + " on host ")
          .endsWith(" since 2026-03-01T10:00:00Z\n");
    }
  }

  @Test
  void aSecondExclusiveOpenInThisProcessIsRefusedNamingTheFileAndTheHolder() {
    try (JdbcStorage first = SqliteStorage.openExclusive(main(), CLOCK)) {
      assertThatThrownBy(() -> SqliteStorage.openExclusive(main(), CLOCK))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("the database " + main() + " is in use by another collector (pid " + PID)
          .hasMessageContaining("in this same process")
          .hasMessageContaining("lock file " + dir.resolve("uptally.db.lock"))
          .hasMessageContaining("stop that collector first");

      first.devices().saveIdentity(identity("d1", "h"));
      assertThat(first.devices().loadDevices()).hasSize(1);
    }
  }

  @Test
  void theSameDatabaseByAnotherPathIsTheSameLease() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("link"), dir);
    try (JdbcStorage first = SqliteStorage.openExclusive(main(), CLOCK)) {
      assertThatThrownBy(() -> SqliteStorage.openExclusive(link.resolve("uptally.db"), CLOCK))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("is in use by another collector");
    }
  }

  /** As PostgreSQL's: a closed collector's database reopens at once, every time (the OS lock frees on release). */
  @Test
  void aClosedCollectorsDatabaseReopensAtOnceEveryTime() {
    for (int i = 0; i < 50; i++) {
      try (JdbcStorage storage = SqliteStorage.openExclusive(main(), CLOCK)) {
        storage.devices().saveIdentity(identity("d" + i, "h"));
      }
    }
    try (JdbcStorage last = SqliteStorage.openExclusive(main(), CLOCK)) {
      assertThat(last.devices().loadDevices()).hasSize(50);
    }
  }

  @Test
  void closingReleasesTheLeaseAndAFailedOpenKeepsNone() throws Exception {
    SqliteStorage.openExclusive(main(), CLOCK).close();
    Files.writeString(SqliteStorage.healthFileOf(main()), "garbage ".repeat(600));

    assertThatThrownBy(() -> SqliteStorage.openExclusive(main(), CLOCK)).isInstanceOf(StoreException.class)
        .hasMessageContaining("uptally-health.db");
    Files.delete(SqliteStorage.healthFileOf(main()));

    try (JdbcStorage again = SqliteStorage.openExclusive(main(), CLOCK)) {
      assertThat(again.devices().loadDevices()).isEmpty();
    }
  }

  @Test
  void aLockTakenElsewhereInThisProcessBecomesTheSameRefusal() throws Exception {
    Files.writeString(dir.resolve("uptally.db.lock"), "pid 4242 on host elsewhere since then\n");
    try (FileChannel other = FileChannel.open(dir.resolve("uptally.db.lock"), StandardOpenOption.WRITE);
        FileLock held = other.lock()) {
      assertThatThrownBy(() -> SqliteStorage.openExclusive(main(), CLOCK))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("the database " + main() + " is in use by another collector (pid 4242 on host"
              + " elsewhere since then, in this same process");
      assertThat(held.isValid()).isTrue();
    }
  }

  @Test
  void storesOpenedWithoutTheLeaseStillOpenBesideTheHolder() {
    try (JdbcStorage collector = SqliteStorage.openExclusive(main(), CLOCK);
        JdbcStorage tool = SqliteStorage.open(main(), CLOCK)) {
      collector.devices().saveIdentity(identity("d1", "h"));
      assertThat(tool.devices().loadDevices()).hasSize(1);
      assertThat(tool.contracts().unresolvedIncidents()).isEmpty();
    }
  }
}
