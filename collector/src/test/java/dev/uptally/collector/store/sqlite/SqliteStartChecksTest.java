package dev.uptally.collector.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.store.StoreException;
import dev.uptally.collector.store.StoreFixtures;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lost or damaged database is refused at open, before anything is written, with a message naming the file it is
 * about: never re-created empty, never served.
 */
class SqliteStartChecksTest {

  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(StoreFixtures.T0), ZoneOffset.UTC);

  @TempDir Path dir;

  private Path main() {
    return dir.resolve("uptally.db");
  }

  private Path health() {
    return dir.resolve("uptally-health.db");
  }

  /** A store with {@code devices} enrolled devices, closed (so everything is checkpointed into the main file). */
  private void storeWithDevices(int devices) throws SQLException {
    SqliteStorage.open(main(), CLOCK).close();
    fill(main(), "INSERT INTO devices (device_id, client_id, hostname, device_class, timezone, agent_version,"
        + " token_hash, enrolled_at, tags) SELECT 'device-' || i, 'acme', 'host-' || i, 'laptop', 'UTC', '1.0.0',"
        + " 'token-hash-' || i, 0, '{}' FROM n", devices);
  }

  /** Runs {@code insert} for i in 1..rows (a CTE named n) in one transaction on a plain connection. */
  private static void fill(Path file, String insert, int rows) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      st.executeUpdate("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + rows + ") "
          + insert);
    }
  }

  @Test
  void aMissingMainDatabaseBesideItsHealthFileIsRefusedAndNothingIsCreated() throws Exception {
    storeWithDevices(3);
    Files.delete(main());
    byte[] healthBefore = Files.readAllBytes(health());

    assertThatThrownBy(() -> SqliteStorage.open(main(), CLOCK))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("main database " + main() + " is missing")
        .hasMessageContaining(health().toString())
        .hasMessageContaining("Restore it from a backup")
        .hasMessageContaining("to start deliberately with no devices, move those files away");

    assertThat(main()).doesNotExist();
    assertThat(Files.readAllBytes(health())).isEqualTo(healthBefore);
  }

  @Test
  void aMainDatabaseTruncatedToZeroBytesIsRefusedAndStaysAsItWas() throws Exception {
    storeWithDevices(3);
    Files.write(main(), new byte[0]);

    assertThatThrownBy(() -> SqliteStorage.open(main(), CLOCK))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("main database " + main() + " is empty (0 bytes)")
        .hasMessageContaining(health().toString());

    assertThat(main()).isEmptyFile();
  }

  @Test
  void anEmptyDirectoryIsAFirstStartAndTheNextStartFindsItsDevices() throws SQLException {
    storeWithDevices(2);

    try (JdbcStorage store = SqliteStorage.open(main(), CLOCK)) {
      assertThat(store.devices().loadDevices()).hasSize(2);
    }
  }

  @Test
  void damagedPagesInTheMainDatabaseAreRefusedNamingTheFileAndTheFirstProblems() throws Exception {
    storeWithDevices(2_000);
    damageMiddlePage(main());
    byte[] damaged = Files.readAllBytes(main());
    String firstProblem = firstQuickCheckLine(main());
    assertThat(firstProblem).as("the file really is damaged").isNotEqualTo("ok");

    assertThatThrownBy(() -> SqliteStorage.open(main(), CLOCK))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("refusing to start: " + main() + " is damaged")
        .hasMessageContaining("PRAGMA quick_check reports")
        .hasMessageContaining(firstProblem)
        .hasMessageContaining("restore it from a backup");

    assertThat(Files.readAllBytes(main())).as("nothing written to the damaged file").isEqualTo(damaged);
  }

  @Test
  void damagedPagesInTheHealthFileAreRefusedNamingTheHealthFile() throws Exception {
    storeWithDevices(1);
    // many rows so that the health file has pages beyond its schema page
    fill(health(), "INSERT INTO device_health SELECT 'device-' || i, '{\"cpu\":null}', i FROM n", 3_000);
    damageMiddlePage(health());

    assertThatThrownBy(() -> SqliteStorage.open(main(), CLOCK))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("refusing to start: " + health() + " is damaged")
        .hasMessageContaining("move it away and start again to have it recreated empty");
  }

  @Test
  void aGarbageHealthFileIsReportedByItsOwnNameNotTheMainDatabases() throws Exception {
    storeWithDevices(1);
    Files.writeString(health(), "not a database at all ".repeat(300));

    assertThatThrownBy(() -> SqliteStorage.open(main(), CLOCK))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("open: cannot open SQLite database " + health() + ":")
        .hasMessageContaining("It holds only the newest health of each device")
        .hasMessageNotContaining("cannot open SQLite store");
  }

  @Test
  void aGarbageMainDatabaseIsReportedByItsOwnName() throws Exception {
    storeWithDevices(1);
    Files.writeString(main(), "not a database at all ".repeat(300));

    assertThatThrownBy(() -> SqliteStorage.open(main(), CLOCK))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("open: cannot open SQLite database " + main() + ":")
        .hasMessageContaining("It holds the devices, their tokens and their history");
  }

  /** Overwrites one page in the middle of the file (never page 1, the header and schema) with 0xA5 bytes. */
  private static void damageMiddlePage(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int pageSize = ((bytes[16] & 0xff) << 8) | (bytes[17] & 0xff);
    int pages = bytes.length / pageSize;
    assertThat(pages).as("pages in %s", file).isGreaterThan(4);
    Arrays.fill(bytes, (pages / 2) * pageSize, (pages / 2 + 1) * pageSize, (byte) 0xA5);
    Files.write(file, bytes);
  }

  /** What SQLite itself says about the file, on a connection of its own. */
  private static String firstQuickCheckLine(Path file) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
