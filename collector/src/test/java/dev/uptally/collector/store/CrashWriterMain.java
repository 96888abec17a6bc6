package dev.uptally.collector.store;

import dev.uptally.collector.fleet.DeviceStore;
import dev.uptally.collector.fleet.DeviceUpdate;
import dev.uptally.collector.fleet.GroupCommitter;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.fleet.TimelineState;
import dev.uptally.collector.store.sqlite.SqliteStorage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Child process of {@link CrashDurabilityTest}: writes through a {@link GroupCommitter} until killed and
 * prints {@code ack <device> <seq>} for every update whose future completed, i.e. every update the
 * collector would have acknowledged to an agent.
 *
 * <p>Arguments: database file, number of devices (one writer thread each, like one agent each).
 */
public final class CrashWriterMain {

  private CrashWriterMain() {}

  /** The interval each seq closes, so the test can check every acknowledged update individually. */
  static TimelineInterval intervalOf(long seq) {
    return new TimelineInterval(seq * 10, seq * 10 + 5, TimelineState.UNKNOWN, null);
  }

  public static void main(String[] args) throws InterruptedException {
    // <sqlite file> <devices>, or postgres <url> <user> <password> <devices>
    boolean postgres = args[0].equals("postgres");
    int devices = Integer.parseInt(args[postgres ? 4 : 1]);
    DeviceStore store = (postgres ? dev.uptally.collector.store.postgres.PostgresStorage.open(
        new dev.uptally.config.collector.StorageConfig.Postgres(args[1], args[2], args[3], 4, false),
        java.time.Clock.systemUTC()) : SqliteStorage.open(Path.of(args[0]))).devices();
    // a queue that never overflows, so an ack-before-durable bug shows as lost data, not as overload
    GroupCommitter committer = new GroupCommitter(store, 64, 100_000, new SimpleMeterRegistry());
    PrintStream out = System.out;
    Thread[] writers = new Thread[devices];
    for (int d = 0; d < devices; d++) {
      String deviceId = "dev-" + d;
      store.saveIdentity(StoreFixtures.identity(deviceId, "hash"));
      writers[d] = new Thread(() -> writeForever(committer, deviceId, out), "writer-" + deviceId);
    }
    out.println("ready");
    out.flush();
    for (Thread w : writers) {
      w.start();
    }
    for (Thread w : writers) {
      w.join();
    }
  }

  private static void writeForever(GroupCommitter committer, String deviceId, PrintStream out) {
    for (long seq = 0; ; seq++) {
      DeviceUpdate u = new DeviceUpdate(deviceId, StoreFixtures.progress(seq), StoreFixtures.health(0.5), null,
          List.of(intervalOf(seq)), List.of(), StoreFixtures.T0 + seq);
      try {
        committer.submit(u).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        throw new IllegalStateException("commit of " + deviceId + " seq " + seq + " failed", e.getCause());
      }
      synchronized (out) {
        out.println("ack " + deviceId + " " + seq);
        out.flush();
      }
    }
  }
}
