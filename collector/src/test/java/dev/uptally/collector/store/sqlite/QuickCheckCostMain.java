package dev.uptally.collector.store.sqlite;

import dev.uptally.collector.store.StoreFixtures;
import dev.uptally.common.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Measures what the start-up {@code PRAGMA quick_check} costs on a realistic database (the figure in
 * docs/storage.md): {@code QuickCheckCostMain <dir> [devices] [intervalsPerDevice]}, default 10,000 devices with 60
 * closed intervals each (a month of nightly shutdowns and sleeps), 5 reachability gaps, inventory and health each.
 * Not a test: run it by hand with the test classpath.
 */
public final class QuickCheckCostMain {

  private QuickCheckCostMain() {}

  public static void main(String[] args) throws SQLException, java.io.IOException {
    Path file = Path.of(args[0]).resolve("uptally.db");
    int devices = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int intervals = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    SqliteStorage.open(file).close();
    String inventory = Json.mapper().writeValueAsString(StoreFixtures.inventory("ThinkPad T14"));
    String health = Json.mapper().writeValueAsString(StoreFixtures.health(0.42));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      st.execute("ATTACH DATABASE '" + SqliteStorage.healthFileOf(file) + "' AS health");
      st.executeUpdate("BEGIN");
      String n = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " + (devices - 1) + ") ";
      st.executeUpdate(n + "INSERT INTO devices SELECT printf('%08x-device-uuid-%d', i, i), 'client-' || (i % 40),"
          + " 'host-' || i, 'laptop', 'America/New_York', '1.0.0', hex(randomblob(32)), 0, '{\"site\":\"hq\"}' FROM n");
      st.executeUpdate(n + "INSERT INTO device_progress SELECT device_id, 86400, 0, 0, 0, NULL, 0, 1, 2, 3, 4, 1"
          + " FROM devices");
      st.executeUpdate("INSERT INTO device_inventory SELECT device_id, '" + inventory + "', 0 FROM devices");
      st.executeUpdate("INSERT INTO health.device_health SELECT device_id, '" + health + "', 0 FROM devices");
      st.executeUpdate("WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < " + (intervals - 1)
          + ") INSERT INTO intervals SELECT device_id, 1764000000000 + j * 43200000, 1764000000000 + j * 43200000"
          + " + 28800000, 'down', 'shutdown' FROM devices, k");
      st.executeUpdate("WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 4)"
          + " INSERT INTO unreachable SELECT device_id, 1764000000000 + j * 500000000, 1764000000000 + j * 500000000"
          + " + 3600000 FROM devices, k");
      st.executeUpdate("COMMIT");
    }
    System.out.printf("main %,d bytes, health %,d bytes%n", Files.size(file),
        Files.size(SqliteStorage.healthFileOf(file)));
    for (int run = 0; run < 3; run++) {
      long t0 = System.nanoTime();
      String result;
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
        rs.next();
        result = rs.getString(1);
      }
      long t1 = System.nanoTime();
      SqliteStorage.open(file).close();
      long t2 = System.nanoTime();
      System.out.printf("quick_check of main: %s in %d ms; whole SqliteStore.open (both files checked): %d ms%n",
          result, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }
  }
}
