package dev.uptally.collector.store;

import dev.uptally.collector.audit.AuditAction;
import dev.uptally.collector.audit.AuditEntry;
import dev.uptally.collector.incident.TrackedIncident;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.store.postgres.PostgresStorage;
import dev.uptally.collector.store.sqlite.SqliteStorage;
import dev.uptally.config.collector.StorageConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Child process of {@link AuditCrashTest}: stores {@value #INCIDENTS} open incidents, then acknowledges them from
 * {@value #WRITERS} threads until killed, each acknowledgement with its audit row in one transaction as the contract
 * engine writes them (the incident first, then the row), and prints {@code ack <incident>} once each has committed.
 *
 * <p>Arguments: {@code <sqlite file>}, or {@code postgres <url> <user> <password>}.
 */
public final class AuditCrashWriterMain {

  static final int INCIDENTS = 5_000;
  static final int WRITERS = 4;

  private AuditCrashWriterMain() {}

  static String incidentId(int n) {
    return "inc-" + n;
  }

  public static void main(String[] args) throws InterruptedException {
    JdbcStorage storage = args[0].equals("postgres")
        ? PostgresStorage.open(new StorageConfig.Postgres(args[1], args[2], args[3], WRITERS, false), Clock.systemUTC())
        : SqliteStorage.open(Path.of(args[0]));
    storage.contracts().write("open the incidents", tx -> {
      for (int n = 0; n < INCIDENTS; n++) {
        tx.saveIncident(AuditStoreContractTest.incident(incidentId(n), TrackedIncident.OPEN));
      }
    });
    PrintStream out = System.out;
    out.println("ready");
    out.flush();
    Thread[] writers = new Thread[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
      int first = w;
      writers[w] = new Thread(() -> {
        for (int n = first; n < INCIDENTS; n += WRITERS) {
          String id = incidentId(n);
          storage.contracts().write("acknowledge " + id, tx -> {
            tx.saveIncident(AuditStoreContractTest.incident(id, TrackedIncident.ACKNOWLEDGED));
            tx.appendAudit(AuditEntry.of(StoreFixtures.T0 + 5, "noc", "127.0.0.1", AuditAction.INCIDENT_ACKNOWLEDGE,
                id, "open -> acknowledged"));
          });
          synchronized (out) {
            out.println("ack " + id);
            out.flush();
          }
        }
      }, "acknowledger-" + w);
      writers[w].start();
    }
    for (Thread w : writers) {
      w.join();
    }
    out.println("done");
    out.flush();
  }
}
