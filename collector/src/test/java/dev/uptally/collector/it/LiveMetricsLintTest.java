package dev.uptally.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.sla.TestConfigs;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Sample;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promtool check metrics} on the whole of a running collector's {@code /metrics} — JVM and Micrometer meters
 * included, with devices of every kind of state and health — finds nothing to complain about. Skips when promtool
 * is not on PATH (CI installs Debian's prometheus).
 */
class LiveMetricsLintTest {

  private static final long NOW = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();

  @Test
  void promtoolFindsNoProblemInALiveCollectorsWholeScrape(@TempDir Path dir) throws Exception {
    Path promtool = PrometheusScrapeTest.onPath("promtool");
    Assumptions.assumeTrue(promtool != null, "promtool is not on PATH (CI installs Debian's prometheus); skipping");
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(NOW));
    try (CollectorApp app = new CollectorApp(TestConfigs.standard(ZoneId.of("America/New_York"), dir.resolve("u.db")),
        clock, HttpTimeouts.DEFAULTS, 2)) {
      CollectorClient client = new CollectorClient(app.start(), "viewer-token-0123456789");
      Health health = new Health(new Health.Cpu(0.3, 0.7, 61.0), new Health.Memory(16L << 30, 4L << 30, 2L << 30, 0L),
          List.of(new Health.Disk("/", 500L << 30, 20L << 30)), new Health.Battery(80.0, true, 0.5, 700),
          List.of(1800), false);
      String up = client.enroll("acme-enroll-token-0123456789", "srv-up", "server", null);
      client.send(up, "srv-up", List.of(Sample.startup(0, NOW - 600_000, NOW - 3_600_000, health, null),
          Sample.heartbeat(1, NOW - 1_000, NOW - 3_600_000, health)), NOW);
      String silent = client.enroll("globex-enroll-token-0123456789", "lt-silent", "laptop", null);
      client.send(silent, "lt-silent", List.of(Sample.heartbeat(0, NOW - 7_200_000, NOW - 9_000_000, health)), NOW);
      clock.set(Instant.ofEpochMilli(NOW + 3_600_000));
      app.fleet().tickAll(NOW + 3_600_000).join(); // silence declared: its lateness is recorded
      app.contractEngine().awaitIdle();

      HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + app.address().getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("uptally_fleet_silence_lateness_seconds_count", "process_cpu_seconds_total",
          "jvm_memory_used_bytes", "uptally_device_up{", "uptally_device_down_cause{cause=\"silent\"",
          "uptally_device_state_since_timestamp_seconds{");
      Path file = Files.writeString(dir.resolve("scrape.txt"), scrape.body());
      Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(file.toFile())
          .redirectErrorStream(true).start();
      String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(output).as("promtool check metrics").isBlank();
      assertThat(check.exitValue()).isZero();
    }
  }
}
