package dev.uptally.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.sla.TestConfigs;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.Sample;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A real Prometheus server (Debian's {@code prometheus}, installed by {@code .ci/run}) scrapes a real collector on
 * loopback; its query API must show {@code uptally_device_up} with the expected series and values. Skips when the
 * binary is absent, so {@code ./mvnw verify} passes on a machine with only a JDK.
 */
class PrometheusScrapeTest {

  @TempDir
  Path dir;

  @Test
  void prometheusScrapesDeviceUpWithExpectedSeries() throws Exception {
    Path prometheus = onPath("prometheus");
    Assumptions.assumeTrue(prometheus != null, "prometheus is not on PATH (CI installs Debian's package); skipping");
    CollectorApp app = new CollectorApp(TestConfigs.standard(ZoneId.of("America/New_York"), dir.resolve("u.db"),
        java.util.List.of() /* no maintenance window: this test runs on the wall clock */),
        Clock.systemUTC(), HttpTimeouts.DEFAULTS, 2);
    Process server = null;
    try {
      CollectorClient client = new CollectorClient(app.start(), "viewer-token-0123456789");
      long now = System.currentTimeMillis();
      String up = client.enroll("acme-enroll-token-0123456789", "srv-up", "server", null);
      client.send(up, "srv-up", List.of(Sample.startup(0, now - 60_000, now - 3_600_000, null, null),
          Sample.heartbeat(1, now - 1_000, now - 3_600_000, null)), now);
      String silent = client.enroll("globex-enroll-token-0123456789", "ws-silent", "workstation", null);
      // last heard an hour ago; the collector started just now, so it waits one grace period before declaring
      // silence, but the live state (what /metrics shows) is already down
      client.send(silent, "ws-silent", List.of(Sample.heartbeat(0, now - 3_600_000, now - 7_200_000, null)), now);

      int promPort = freePort();
      Path config = Files.writeString(dir.resolve("prometheus.yml"), """
          global: {scrape_interval: 1s, evaluation_interval: 1s}
          scrape_configs:
            - job_name: uptally
              sample_limit: 10000
              static_configs: [{targets: ["127.0.0.1:%d"]}]
          """.formatted(app.address().getPort()));
      server = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + promPort)
          .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();

      Map<String, Double> series = awaitSeries(promPort, "uptally_device_up", 2, Duration.ofSeconds(60));
      assertThat(series).containsOnlyKeys("srv-up", "ws-silent");
      assertThat(series.get("srv-up")).isEqualTo(1.0);
      assertThat(series.get("ws-silent")).isEqualTo(0.0);
      // the hostname lives on uptally_device_info only; the documented join brings it back
      Map<String, Double> joined = awaitSeries(promPort,
          "uptally_device_up * on (device) group_left (hostname) uptally_device_info{hostname!=\"\"}", 2,
          Duration.ofSeconds(10));
      assertThat(joined).isEqualTo(series);
      Map<String, Double> scrapeOk = awaitSeries(promPort, "up{job=\"uptally\"}", 1, Duration.ofSeconds(10));
      assertThat(scrapeOk.values()).containsOnly(1.0);
    } finally {
      if (server != null) {
        server.destroy();
        server.waitFor(10, TimeUnit.SECONDS);
      }
      app.close();
    }
  }

  /** Polls Prometheus's query API until the query returns {@code expected} series; keyed by the device label. */
  private Map<String, Double> awaitSeries(int port, String query, int expected, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Double> last = Map.of();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          last = new HashMap<>();
          for (JsonNode s : Json.mapper().readTree(r.body()).path("data").path("result")) {
            String device = s.path("metric").path("device").asString(s.path("metric").path("job").asString());
            last.put(device, Double.parseDouble(s.path("value").get(1).asString()));
          }
          if (last.size() >= expected) {
            return last;
          }
        }
      } catch (java.io.IOException e) {
        // Prometheus is still starting: try again until the deadline
      }
      Thread.sleep(250); // waiting for a real external process, not for simulated time
    }
    throw new AssertionError("Prometheus never returned " + expected + " series for " + query + "; last: " + last
        + "\n" + Files.readString(dir.resolve("prometheus.log")));
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static Path onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(File.pathSeparator)) {
      Path candidate = Path.of(d, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
