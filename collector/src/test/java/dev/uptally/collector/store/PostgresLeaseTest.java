package dev.uptally.collector.store;

import static dev.uptally.collector.store.StoreFixtures.identity;
import static dev.uptally.collector.store.StoreFixtures.progressOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.testing.RequiresPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
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
  void aCollectorClosedAndReopenedAtOnceFindsItsLeaseFree() {
    // closing the session alone frees the lock only when the server's backend has exited, a moment after the client
    // went on: a reopen straight after a close was refused "in use by another collector" on a loaded machine
    for (int i = 0; i < 40; i++) {
      try (JdbcStorage storage = database.openExclusive(clock)) {
        storage.devices().saveIdentity(identity("d" + i, "h"));
      }
    }
    try (JdbcStorage last = database.openExclusive(clock)) {
      assertThat(last.devices().loadDevices()).hasSize(40);
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

  @Test
  void toolsOpenBesideTheHolderWithoutTheLease() {
    try (JdbcStorage collector = database.openExclusive(clock); JdbcStorage tool = database.open(clock)) {
      collector.devices().saveIdentity(identity("d1", "h"));
      assertThat(tool.devices().loadDevices()).hasSize(1);
      assertThat(tool.contracts().unresolvedIncidents()).isEmpty();
    }
  }

  private void terminateSessions(String applicationName) throws SQLException {
    try (Connection c = DriverManager.getConnection(database.config().url(), database.config().user(),
        database.config().password()); Statement st = c.createStatement()) {
      st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
          + applicationName + "' AND datname = current_database()");
    }
  }
}
