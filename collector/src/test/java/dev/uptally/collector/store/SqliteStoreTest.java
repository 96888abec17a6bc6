package dev.uptally.collector.store;

import static dev.uptally.collector.store.StoreFixtures.health;
import static dev.uptally.collector.store.StoreFixtures.identity;
import static dev.uptally.collector.store.StoreFixtures.inventory;
import static dev.uptally.collector.store.StoreFixtures.progress;
import static dev.uptally.collector.store.StoreFixtures.progressOnly;
import static dev.uptally.collector.store.StoreFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.fleet.DeviceUpdate;
import dev.uptally.collector.fleet.StoredDevice;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.store.sqlite.SqliteStorage;
import dev.uptally.common.time.TimeRange;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SqliteStoreTest extends DeviceStoreContractTest {

  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(StoreFixtures.T0), ZoneOffset.UTC);

  @Override
  protected JdbcStorage newStorage(Path dir) {
    return SqliteStorage.open(mainFile(dir), CLOCK);
  }

  private static Path mainFile(Path dir) {
    return dir.resolve("data").resolve("uptally.db");
  }

  private List<String> query(Path file, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        List<String> cols = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          cols.add(rs.getString(i));
        }
        rows.add(String.join("|", cols));
      }
    }
    return rows;
  }

  @Test
  void createsTheDirectoryAndAHealthFileBesideTheMainFile() {
    assertThat(mainFile(dir)).isRegularFile();
    assertThat(dir.resolve("data").resolve("uptally-health.db")).isRegularFile();
    assertThat(SqliteStorage.healthFileOf(Path.of("/var/lib/state"))).isEqualTo(Path.of("/var/lib/state-health.db"));
  }

  @Test
  void migrationsAreRecordedOnceAndReopeningAppliesNothing() throws SQLException {
    reopen();
    reopen();

    assertThat(query(mainFile(dir), "SELECT version, description, applied_at_ms FROM schema_version ORDER BY version"))
        .containsExactly("1|init|" + StoreFixtures.T0, "2|contracts|" + StoreFixtures.T0, "3|webhooks|" + StoreFixtures.T0,
            "4|incident_violations|" + StoreFixtures.T0, "5|contract_devices|" + StoreFixtures.T0,
            "6|suspend|" + StoreFixtures.T0, "7|lifecycle|" + StoreFixtures.T0,
            "8|audit_log|" + StoreFixtures.T0);
    assertThat(query(SqliteStorage.healthFileOf(mainFile(dir)), "SELECT version, description FROM schema_version"))
        .containsExactly("1|init");
  }

  /**
   * A database from before incidents were linked to their violations gets the links the old code judged by: the
   * misses recorded while each patchWindowMissed incident was unresolved.
   */
  @Test
  void upgradingLinksPatchWindowIncidentsToTheMissesRecordedWhileTheyWereOpen() throws SQLException {
    storage.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + mainFile(dir));
        Statement st = c.createStatement()) {
      st.executeUpdate("DROP TABLE incident_violations");
      st.executeUpdate("DROP TABLE contract_devices");
      st.executeUpdate("ALTER TABLE device_progress DROP COLUMN suspended");
      for (String column : new String[] {"retired_at_ms", "retired_reason", "retired_note", "retired_by",
          "retired_recorded_ms"}) {
        st.executeUpdate("ALTER TABLE device_progress DROP COLUMN " + column);
      }
      st.executeUpdate("DROP TABLE inventory_history");
      st.executeUpdate("DROP TABLE hardware_change_corrections");
      st.executeUpdate("DROP TABLE audit_log");
      st.executeUpdate("DELETE FROM schema_version WHERE version >= 4");
      String miss = "INSERT INTO violations (id, type, party, client_id, device_id, start_ms, end_ms, created_ms)"
          + " VALUES ('%s', 'patch-window-missed', 'customer', 'acme', '%s', %3$d, %3$d + 1, %3$d)";
      String incident = "INSERT INTO incidents (id, client_id, device_id, rule, priority, state, opened_ms,"
          + " escalate_ms, response_due_ms, resolution_due_ms, resolved_ms) VALUES ('%s', 'acme', '%s', '%s', 'P3',"
          + " '%s', %d, 0, 0, 0, %s)";
      st.executeUpdate(String.format(miss, "m1", "lt-1", 100));
      st.executeUpdate(String.format(incident, "i1", "lt-1", "patchWindowMissed", "resolved", 100, "150"));
      st.executeUpdate(String.format(miss, "m2", "lt-1", 200));
      st.executeUpdate(String.format(incident, "i2", "lt-1", "patchWindowMissed", "open", 200, "NULL"));
      st.executeUpdate(String.format(miss, "m3", "lt-1", 300));
      st.executeUpdate(String.format(miss, "m4", "lt-2", 300));
      st.executeUpdate(String.format(incident, "i3", "lt-1", "deviceDown", "open", 50, "NULL"));
    }
    reopen();

    assertThat(query(mainFile(dir), "SELECT incident_id, violation_id FROM incident_violations"
        + " ORDER BY incident_id, violation_id")).containsExactly("i1|m1", "i2|m2", "i2|m3");
  }

  @Test
  void aDatabaseNewerThanTheCodeIsRefused() throws SQLException {
    storage.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + mainFile(dir));
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO schema_version VALUES (99, 'from_the_future', 0)");
    }

    assertThatThrownBy(() -> store = newStorage(dir).devices())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("knows versions up to 8")
        .hasMessageContaining(mainFile(dir).toString());
  }

  @Test
  void aFileThatIsNotADatabaseIsRefusedWithItsName() throws Exception {
    Path notADatabase = dir.resolve("notes.db");
    Files.writeString(notADatabase, "these are not the pages you are looking for ".repeat(200));

    assertThatThrownBy(() -> SqliteStorage.open(notADatabase, CLOCK))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("open")
        .hasMessageContaining(notADatabase.toString());
  }

  @Test
  void bothFilesUseWalAndAcknowledgedStateIsSyncedFully() throws SQLException {
    assertThat(query(mainFile(dir), "PRAGMA journal_mode")).containsExactly("wal");
    assertThat(query(SqliteStorage.healthFileOf(mainFile(dir)), "PRAGMA journal_mode")).containsExactly("wal");
    assertThat(writerPragma("main.synchronous")).as("FULL").isEqualTo("2");
    assertThat(writerPragma("health.synchronous")).as("NORMAL").isEqualTo("1");
    assertThat(writerPragma("foreign_keys")).isEqualTo("1");
    assertThat(writerPragma("busy_timeout")).isEqualTo("5000");
  }

  /** A pragma as the writer sees it (a write runs on the writer connection). */
  private String writerPragma(String name) {
    return storage.database().write("pragma " + name, c -> {
      try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("PRAGMA " + name)) {
        return rs.next() ? rs.getString(1) : null;
      }
    });
  }

  @Test
  void losingTheHealthFileLosesOnlyHealth() throws Exception {
    store.saveIdentity(identity("d1", "h"));
    store.commit(List.of(update("d1", 4, health(0.4), inventory("M"), List.of(), List.of())));
    storage.close();
    Path healthFile = SqliteStorage.healthFileOf(mainFile(dir));
    Files.delete(healthFile);
    Files.deleteIfExists(Path.of(healthFile + "-wal"));
    Files.deleteIfExists(Path.of(healthFile + "-shm"));

    store = newStorage(dir).devices();

    StoredDevice d = loaded("d1");
    assertThat(d.progress()).isEqualTo(progress(4));
    assertThat(d.inventory()).isEqualTo(inventory("M"));
    assertThat(d.health()).isNull();
  }

  @Test
  void aReplayStoresOneUnreachableRowPerGapNotOnePerRequest() throws SQLException {
    store.saveIdentity(identity("d1", "h"));
    for (int request = 0; request < 300; request++) {
      store.commit(List.of(update("d1", request, null, null, List.of(),
          List.of(new TimeRange(1_000_000 + request * 600_000L, 200_000_000 + request * 100L)))));
    }

    assertThat(query(mainFile(dir), "SELECT device_id, start_ms, end_ms FROM unreachable"))
        .containsExactly("d1|1000000|200029900");
  }

  /** Rows written before gaps were merged may overlap each other; a gap that touches any of them merges them all. */
  @Test
  void gapsStoredApartBeforeMergingAreMergedWhenANewGapTouchesThem() throws SQLException {
    store.saveIdentity(identity("d1", "h"));
    storage.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + mainFile(dir));
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO unreachable VALUES ('d1', 100, 500), ('d1', 200, 900), ('d1', 900, 1000),"
          + " ('d1', 5000, 6000)");
    }
    store = newStorage(dir).devices();

    store.commit(List.of(update("d1", 1, null, null, List.of(), List.of(new TimeRange(950, 1200)))));

    assertThat(store.unreachable("d1", 0, 10_000))
        .containsExactly(new TimeRange(100, 1200), new TimeRange(5000, 6000));
    assertThat(query(mainFile(dir), "SELECT count(*) FROM unreachable")).containsExactly("2");
  }

  @Test
  void readersRunBesideTheWriter() throws Exception {
    for (int i = 0; i < 20; i++) {
      store.saveIdentity(identity("d" + i, "h"));
    }
    ExecutorService readers = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> reads = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        reads.add(readers.submit(() -> {
          int seen = 0;
          for (int k = 0; k < 100; k++) {
            seen += store.loadDevices().size();
          }
          return seen;
        }));
      }
      for (int seq = 0; seq < 100; seq++) {
        List<DeviceUpdate> group = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          group.add(progressOnly("d" + i, seq));
        }
        store.commit(group);
      }
      for (Future<Integer> read : reads) {
        assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(20 * 100);
      }
    } finally {
      readers.shutdownNow();
    }
    assertThat(loaded("d7").progress()).isEqualTo(progress(99));
  }
}
