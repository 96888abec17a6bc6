package dev.uptally.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.sla.TestConfigs;
import dev.uptally.config.collector.CollectorConfig;
import dev.uptally.config.collector.NotificationsConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector runs the dispatcher's scheduler when webhooks are configured: an outbox event reaches the receiver. */
class WebhookWiringTest {

  @Test
  void collectorDeliversOutboxEventsToConfiguredWebhooks(@TempDir Path dir) throws Exception {
    try (Receiver receiver = new Receiver()) {
      CollectorConfig base = TestConfigs.standard(ZoneId.of("America/New_York"), dir.resolve("uptally.db"));
      CollectorConfig config = new CollectorConfig(base.server(), base.storage(), base.api(), base.heartbeat(),
          base.calendars(), base.contracts(), base.clients(), new NotificationsConfig(List.of(
              new NotificationsConfig.Webhook("noc", receiver.url(), List.of("incident.opened"), "wiring-secret-0123"))));
      MutableClock clock = new MutableClock(Instant.parse("2026-11-03T06:00:00Z"));
      try (CollectorApp app = new CollectorApp(config, clock, HttpTimeouts.DEFAULTS, 2)) {
        app.start();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("uptally.db"));
            PreparedStatement ps = c.prepareStatement("INSERT INTO outbox VALUES (?, ?, ?, ?)")) {
          ps.setString(1, "ev-wired");
          ps.setString(2, "incident.opened");
          ps.setLong(3, clock.millis());
          ps.setString(4, "{\"id\":\"ev-wired\"}");
          ps.executeUpdate();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (receiver.received().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(20); // bounded wait for the scheduler thread's real I/O on loopback
        }
      }
      assertThat(receiver.received()).singleElement().satisfies(r -> {
        assertThat(r.delivery()).isEqualTo("ev-wired");
        assertThat(WebhookSignature.verify("wiring-secret-0123", r.body(), r.signature())).isTrue();
      });
    }
  }
}
