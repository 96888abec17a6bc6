package dev.uptally.collector.it;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.StandbyCollector;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.sla.TestConfigs;
import dev.uptally.collector.store.StoreFixtures;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.store.postgres.PostgresStorage;
import dev.uptally.collector.testing.PostgresServer;
import dev.uptally.common.json.Json;
import dev.uptally.config.collector.CollectorConfig;
import dev.uptally.config.collector.StorageConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures a standby's takeover on PostgreSQL for a fleet of realistic size (the figure in
 * bench/results/takeover.md): {@code TakeoverTimeMain [devices] [intervalsPerDevice] [runs]}, default 10,000 devices
 * with 60 closed intervals each (a month of nightly shutdowns), inventory and health each, in the acme client. Each
 * run: an active collector on the database, a standby polling the lease every 100 ms; the active one stops; the
 * time from its stop to the successor's {@code start()} returning (state loaded, listening, ready) is printed, split
 * into lease wait, storage open, assembly and start. Not a test: run it by hand with the test classpath.
 */
public final class TakeoverTimeMain {

  private TakeoverTimeMain() {}

  public static void main(String[] args) throws Exception {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int intervals = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    PostgresServer pg = PostgresServer.get().orElseThrow(() -> new IllegalStateException(
        "PostgreSQL not available: " + PostgresServer.unavailableReason()));
    StorageConfig.Postgres storage = new StorageConfig.Postgres(pg.jdbcUrl(pg.createDatabase()), pg.user(),
        pg.password(), 8, true);
    PostgresStorage.open(storage, Clock.systemUTC()).close();
    fill(pg, storage, devices, intervals);
    CollectorConfig base = TestConfigs.standard(ZoneId.of("America/New_York"));
    CollectorConfig config = new CollectorConfig(base.server(), storage, base.api(), base.heartbeat(),
        base.calendars(), base.contracts(), base.clients(), base.notifications());
    System.out.printf("%,d devices, %,d intervals each; %s%n", devices, intervals, pg.jdbcUrl("…"));
    CollectorApp active = new CollectorApp(config, Clock.systemUTC(), HttpTimeouts.DEFAULTS, 2);
    active.start();
    for (int run = 0; run < runs; run++) {
      StandbyCollector standby = new StandbyCollector(config, Clock.systemUTC(), HttpTimeouts.DEFAULTS);
      standby.start();
      CompletableFuture<JdbcStorage> lease = CompletableFuture.supplyAsync(() -> {
        try {
          return standby.awaitLease(Duration.ofMillis(100));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(500); // the standby is polling
      long stop = System.nanoTime();
      active.close();
      long stopped = System.nanoTime();
      JdbcStorage storageOpened = lease.get(60, TimeUnit.SECONDS);
      long leased = System.nanoTime();
      CollectorApp successor = new CollectorApp(config, Clock.systemUTC(), HttpTimeouts.DEFAULTS, 2, storageOpened);
      long assembled = System.nanoTime();
      successor.start();
      long ready = System.nanoTime();
      standby.close();
      System.out.printf("run %d: %d devices loaded; stop of the active one %d ms; lease freed → taken and storage"
          + " open %d ms; assembly %d ms; start (load, judge, listen) %d ms; lease freed → ready %d ms%n", run,
          successor.fleet().size(), ms(stopped - stop), ms(leased - stopped), ms(assembled - leased),
          ms(ready - assembled), ms(ready - stopped));
      active = successor;
    }
    active.close();
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private static void fill(PostgresServer pg, StorageConfig.Postgres storage, int devices, int intervals)
      throws Exception {
    String inventory = Json.mapper().writeValueAsString(StoreFixtures.inventory("ThinkPad T14"));
    String health = Json.mapper().writeValueAsString(StoreFixtures.health(0.42));
    long now = System.currentTimeMillis();
    long start = now - 30L * 86_400_000;
    try (Connection c = java.sql.DriverManager.getConnection(storage.url(), storage.user(), storage.password());
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO devices SELECT 'dev-' || i, 'acme', 'host-' || i, 'laptop', 'America/New_York',"
          + " '1.0.0', md5(i::text) || md5((i + 1)::text), " + start + ", '{\"site\":\"hq\"}'"
          + " FROM generate_series(0, " + (devices - 1) + ") i");
      st.executeUpdate("INSERT INTO device_progress SELECT device_id, 86400, " + start + ", " + now + ", " + start
          + ", NULL, 0, 1, 2, 3, 4, 1 FROM devices");
      st.executeUpdate("INSERT INTO device_inventory SELECT device_id, '" + inventory + "', 0 FROM devices");
      st.executeUpdate("INSERT INTO device_health SELECT device_id, '" + health + "', " + now + " FROM devices");
      st.executeUpdate("INSERT INTO intervals SELECT device_id, " + start + " + j * 43200000::bigint, " + start
          + " + j * 43200000::bigint + 28800000, 'down', 'shutdown' FROM devices, generate_series(0, "
          + (intervals - 1) + ") j");
      try (ResultSet rs = st.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
        rs.next();
        System.out.println("database size " + rs.getString(1));
      }
    }
  }
}
