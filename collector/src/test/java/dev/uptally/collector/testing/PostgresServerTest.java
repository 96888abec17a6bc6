package dev.uptally.collector.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tests' own PostgreSQL: reached over 127.0.0.1 with its password, one database per test, restart and crash. */
@RequiresPostgres
class PostgresServerTest {

  private final PostgresServer pg;

  PostgresServerTest(PostgresServer pg) {
    this.pg = pg;
  }

  @AfterEach
  void leaveTheServerRunningForTheNextTest() {
    pg.start();
  }

  @Test
  void acceptsThePasswordOverLoopbackTcpAndIsVersion13OrNewer() throws SQLException {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), pg.password())) {
      assertThat(queryOne(c, "SELECT version()")).startsWith("PostgreSQL ");
      assertThat(Integer.parseInt(queryOne(c, "SHOW server_version_num"))).isGreaterThanOrEqualTo(130000);
      assertThat(queryOne(c, "SELECT host(inet_server_addr())")).as("a TCP connection, not the Unix socket")
          .isEqualTo("127.0.0.1");
      assertThat(queryOne(c, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
      assertThat(queryOne(c, "SELECT inet_server_port()")).isEqualTo(Integer.toString(pg.port()));
      assertThat(queryOne(c, "SHOW fsync")).isEqualTo("on");
    }
    assertThat(pg.jdbcUrl("x")).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/x");
  }

  @Test
  void refusesAWrongPassword() {
    assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), pg.password() + "x"))
        .isInstanceOfSatisfying(SQLException.class,
            e -> assertThat(e.getSQLState()).as("invalid_password").isEqualTo("28P01"));
  }

  @Test
  void eachCreatedDatabaseIsNewEmptyAndSeparate() throws SQLException {
    String first = pg.createDatabase();
    String second = pg.createDatabase();

    assertThat(first).isNotEqualTo(second).matches("uptally_t_\\d+_[0-9a-f]+");
    try (Connection c = pg.connect(first); Statement s = c.createStatement()) {
      assertThat(queryOne(c, "SELECT current_database()")).isEqualTo(first);
      assertThat(userTables(c)).isEmpty();
      s.execute("CREATE TABLE only_in_first (id int)");
    }
    try (Connection c = pg.connect(second)) {
      assertThat(queryOne(c, "SELECT current_database()")).isEqualTo(second);
      assertThat(userTables(c)).isEmpty();
    }
  }

  @Test
  void acceptsConnectionsAgainAfterStopAndStartOnTheSamePort() throws SQLException {
    String db = pg.createDatabase();
    int port = pg.port();

    pg.stop();
    assertThatThrownBy(() -> pg.connect(db).close()).isInstanceOf(SQLException.class);
    pg.start();

    assertThat(pg.port()).isEqualTo(port);
    try (Connection c = pg.connect(db)) {
      assertThat(queryOne(c, "SELECT 1")).isEqualTo("1");
    }
  }

  @Test
  void keepsCommittedRowsAndLosesTheOpenTransactionWhenKilledAndRestarted() throws SQLException {
    String db = pg.createDatabase();
    try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE events (name text PRIMARY KEY)");
      s.execute("INSERT INTO events VALUES ('committed')");
    }
    Connection open = pg.connect(db);
    open.setAutoCommit(false);
    try (Statement s = open.createStatement()) {
      s.execute("INSERT INTO events VALUES ('open')");
    }

    pg.kill();
    assertThatThrownBy(() -> pg.connect(db).close()).as("nothing listens after the kill")
        .isInstanceOf(SQLException.class);
    assertThatThrownBy(open::commit).as("the open transaction died with the server")
        .isInstanceOf(SQLException.class);
    open.close();
    pg.start();

    try (Connection c = pg.connect(db)) {
      assertThat(queryAll(c, "SELECT name FROM events ORDER BY name")).containsExactly("committed");
    }
  }

  private static List<String> userTables(Connection c) throws SQLException {
    return queryAll(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
  }

  private static String queryOne(Connection c, String sql) throws SQLException {
    List<String> rows = queryAll(c, sql);
    assertThat(rows).as(sql).hasSize(1);
    return rows.get(0);
  }

  private static List<String> queryAll(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        rows.add(r.getString(1));
      }
    }
    return rows;
  }
}
