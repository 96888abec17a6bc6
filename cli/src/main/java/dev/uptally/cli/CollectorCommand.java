package dev.uptally.cli;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.StandbyCollector;
import dev.uptally.collector.StorageFactory;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.store.StoreException;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.config.CollectorConfigLoader;
import dev.uptally.config.ConfigException;
import dev.uptally.config.collector.CollectorConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "collector", description = "Run the collector (ingest, SLA engine, API, dashboard, /metrics).")
final class CollectorCommand implements Callable<Integer> {

  /** True while a long-running command owns the process (main must not exit). */
  static final AtomicBoolean RUNNING = new AtomicBoolean();

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "collector YAML")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    CollectorConfig cfg;
    try {
      var loaded = CollectorConfigLoader.loadWithWarnings(config, System.getenv());
      loaded.warnings().forEach(w -> System.err.println(w)); // file:line: key: warning: …, as check-config prints
      cfg = loaded.config();
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    CollectorApp app = null;
    InetSocketAddress at;
    try {
      app = cfg.storage().standby() ? takeOverWhenFree(cfg) : new CollectorApp(cfg, Clock.systemUTC());
      at = app.start();
    } catch (IllegalStateException | StoreException e) {
      System.err.println("uptally collector: " + e.getMessage());
      if (app != null) {
        app.close(); // a failed start (port in use, TLS files) leaves no threads or open files behind
      }
      return 1;
    }
    String scheme = cfg.server().tls() == null ? "http" : "https";
    System.out.println("Uptally collector listening on " + scheme + "://" + hostOf(at) + ":" + at.getPort() + "/");
    System.out.println("  storage: " + StorageFactory.describe(cfg.storage()));
    app.onLeaseLost(() -> {
      // another collector took the database over (this one's session dropped): it no longer writes; stop, and let
      // the service manager start it again (as a standby when so configured)
      System.err.println("uptally collector: the lease on the database was lost to another collector; stopping");
      System.exit(EXIT_LEASE_LOST);
    });
    awaitShutdown(app);
    return 0;
  }

  /** Exit status when the lease was lost to another collector (EX_TEMPFAIL: try again later). */
  static final int EXIT_LEASE_LOST = 75;

  /** Waits as a standby (503 on the configured address) until the lease frees, then builds the collector on it. */
  private static CollectorApp takeOverWhenFree(CollectorConfig cfg) throws InterruptedException {
    try (StandbyCollector standby = new StandbyCollector(cfg, Clock.systemUTC(), HttpTimeouts.DEFAULTS)) {
      InetSocketAddress at = standby.start();
      System.out.println("Uptally collector standing by on " + hostOf(at) + ":" + at.getPort() + " for "
          + StorageFactory.describe(cfg.storage()) + " (answering 503 until the active collector stops)");
      JdbcStorage storage = standby.awaitLease(Duration.ofSeconds(1));
      return new CollectorApp(cfg, Clock.systemUTC(), HttpTimeouts.DEFAULTS,
          Math.max(2, Runtime.getRuntime().availableProcessors()), storage);
    }
  }

  /** Blocks until SIGTERM/SIGINT; the shutdown hook stops the collector gracefully (flushing every commit). */
  static void awaitShutdown(AutoCloseable app) throws InterruptedException {
    RUNNING.set(true);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        app.close();
      } catch (Exception e) {
        System.err.println("uptally: error while stopping: " + e);
      } finally {
        stopped.countDown();
      }
    }, "uptally-shutdown"));
    stopped.await();
  }

  static String hostOf(InetSocketAddress a) {
    String h = a.getAddress().getHostAddress();
    return h.contains(":") ? "[" + h + "]" : h;
  }
}
