package dev.uptally.collector.store;

import static dev.uptally.collector.store.StoreFixtures.identity;
import static dev.uptally.collector.store.StoreFixtures.progressOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.testing.RequiresPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One writer per PostgreSQL database: a session advisory lock, and an epoch that fences a writer that lost it. */
@RequiresPostgres
class PostgresLeaseTest {

  private final PostgresTestStorage database = new PostgresTestStorage();
  private final Clock clock = Clock.systemUTC();

  @Test
  void aSecondCollectorOnTheSameDatabaseIsRefusedNamingTheHolder() {
    try (JdbcStorage first = database.openExclusive(clock)) {
      assertThatThrownBy(() -> database.openExclusive(clock)).isInstanceOf(LeaseHeldException.class)
          .hasMessageContaining(database.config().url())
          .hasMessageContaining("pid " + ProcessHandle.current().pid())
          .hasMessageContaining("storage.standby: true")
          .hasMessageNotContaining(database.config().password());
      first.devices().saveIdentity(identity("d1", "h"));
    }
    try (JdbcStorage next = database.openExclusive(clock)) {
      assertThat(next.devices().loadDevices()).hasSize(1);
    }
  }

  @Test
  void theLeaseFreesWhenItsSessionEndsAsAtAKill() throws SQLException {
    JdbcStorage first = database.openExclusive(clock);
    try {
      // what kill -9 of the holder does to its sessions: the server ends them, and with them the advisory lock
      terminateSessions("uptally-lease");
      try (JdbcStorage standby = database.openExclusive(clock)) {
        standby.devices().saveIdentity(identity("d1", "h"));
        assertThat(standby.devices().loadDevices()).hasSize(1);
      }
    } finally {
      first.close();
    }
  }

  @Test
  void aCollectorWhoseLeaseWasTakenOverCannotWrite() throws SQLException {
    JdbcStorage first = database.openExclusive(clock);
    try {
      first.devices().saveIdentity(identity("d1", "h"));
      terminateSessions("uptally-lease");
      try (JdbcStorage second = database.openExclusive(clock)) {
        // the first still has pooled connections, but its epoch is stale: it must not overwrite the second's work
        assertThatThrownBy(() -> first.devices().commit(List.of(progressOnly("d1", 9))))
            .isInstanceOf(StoreException.class).hasMessageContaining("taken over by another collector");
        second.devices().commit(List.of(progressOnly("d1", 3)));
        assertThat(second.devices().loadDevices().get(0).progress().lastSeq()).isEqualTo(3);
      }
    } finally {
      first.close();
    }
  }

  /**
   * A closed collector's lease is free the moment close returns: the contract tests close and reopen the same
   * database at once, and so does a restart. Ending the session alone left the lock to the server's asynchronous
   * teardown of the backend, and a reopen on a loaded machine could find it still held.
   */
  @Test
  void closeFreesTheLeaseBeforeItReturns() throws SQLException {
    // an observer connected beforehand looks at once: a new connection would take long enough to hide the race
    try (Connection observer = connect()) {
      for (int i = 0; i < 50; i++) {
        database.openExclusive(clock).close();
        assertThat(advisoryLockHolders(observer)).as("sessions holding the lease right after close #%d", i).isZero();
      }
    }
  }

  @Test
  void aClosedCollectorsDatabaseReopensAtOnceEveryTime() {
    for (int i = 0; i < 50; i++) {
      try (JdbcStorage storage = database.openExclusive(clock)) {
        storage.devices().saveIdentity(identity("d" + i, "h"));
      }
    }
    try (JdbcStorage last = database.openExclusive(clock)) {
      assertThat(last.devices().loadDevices()).hasSize(50);
    }
  }

  @Test
  void aSecondLiveCollectorIsRefusedAtOnceEvenRightAfterAReopen() {
    database.openExclusive(clock).close();
    try (JdbcStorage first = database.openExclusive(clock)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> database.openExclusive(clock)).isInstanceOf(LeaseHeldException.class);
      // refused without waiting: no retry may hide a live holder
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      first.devices().saveIdentity(identity("d1", "h"));
    }
  }

  @Test
  void toolsOpenBesideTheHolderWithoutTheLease() {
    try (JdbcStorage collector = database.openExclusive(clock); JdbcStorage tool = database.open(clock)) {
      collector.devices().saveIdentity(identity("d1", "h"));
      assertThat(tool.devices().loadDevices()).hasSize(1);
      assertThat(tool.contracts().unresolvedIncidents()).isEmpty();
    }
  }

  /** Sessions holding the lease's advisory lock (key "uptally": classid 0x00757074, objid 0x616c6c79). */
  private static int advisoryLockHolders(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND classid = " + 0x0075_7074L + " AND objid = " + 0x616c_6c79L + " AND objsubid = 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * Ends the sessions as a kill of their collector would, and waits until their backends are gone: the server
   * signals a backend and returns at once, and the backend frees its locks only as it exits.
   */
  private void terminateSessions(String applicationName) throws SQLException {
    String sessions = "FROM pg_stat_activity WHERE application_name = '" + applicationName
        + "' AND datname = current_database()";
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute("SELECT pg_terminate_backend(pid) " + sessions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        try (ResultSet rs = st.executeQuery("SELECT count(*) " + sessions)) {
          rs.next();
          if (rs.getInt(1) == 0) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the terminated " + applicationName + " sessions did not end within 30 s");
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(database.config().url(), database.config().user(),
        database.config().password());
  }
}
