package dev.uptally.collector.notify;

import dev.uptally.collector.store.sqlite.SqliteStorage;
import dev.uptally.config.collector.NotificationsConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A collector's webhook dispatcher alone in its own JVM, for {@link WebhookKillTest} to kill with SIGKILL.
 * Arguments: database file, receiver URL, secret. Small batches so that deliveries are recorded as it goes.
 */
public final class DispatcherChild {

  private DispatcherChild() {}

  public static void main(String[] args) throws InterruptedException {
    NotificationsConfig config = new NotificationsConfig(List.of(new NotificationsConfig.Webhook("noc",
        URI.create(args[1]), WebhookKillTest.EVENTS, args[2])));
    WebhookDispatcher.Settings settings = new WebhookDispatcher.Settings(Duration.ofMillis(20), Duration.ofSeconds(2),
        Duration.ofSeconds(10), 4, Duration.ofDays(3), Backoff.DEFAULT);
    WebhookDispatcher dispatcher = new WebhookDispatcher(config, SqliteStorage.open(Path.of(args[0])).deliveries(), Clock.systemUTC(), settings,
        new SplittableRandom());
    dispatcher.start();
    System.out.println("dispatching");
    Thread.sleep(Long.MAX_VALUE); // until killed
  }
}
