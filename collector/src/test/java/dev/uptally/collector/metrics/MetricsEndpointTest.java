package dev.uptally.collector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.fleet.LiveState;
import dev.uptally.collector.sla.DeviceSla;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.device.OutageCause;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsEndpointTest {

  /** A sample line of the text format: name, optional labels, value. */
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? (\\S+)");

  private final MetricsEndpoint metrics = new MetricsEndpoint();

  @AfterEach
  void close() {
    metrics.close();
  }

  private static DeviceMetrics laptop() {
    return new DeviceMetrics("dev-1", "acme", "acct-laptop-07", "laptop", LiveState.ASLEEP, 1_764_000_000_000L,
        1_763_990_000_000L, 3600.5, Map.of(OutageCause.CRASH, 120.0), 7200, 30, 2, 5);
  }

  private static DeviceMetrics server() {
    return new DeviceMetrics("dev-2", "globex", "db \"primary\"", "server", LiveState.UP, 1_764_000_030_000L, 0,
        86_400, Map.of(), 0, 0, 0, 0);
  }

  @Test
  void fleetSeriesAreExposedPerDevice() {
    metrics.registerFleet(() -> List.of(laptop(), server()));

    String text = text(null);
    // the client library writes labels in name order
    String labels = "class=\"laptop\",client=\"acme\",device=\"dev-1\"";

    assertThat(text).contains(
        "uptally_device_up{" + labels + "} 0\n",
        "uptally_device_state{" + labels + ",state=\"asleep\"} 1\n",
        "uptally_device_state{" + labels + ",state=\"up\"} 0\n",
        "uptally_device_last_heartbeat_timestamp_seconds{" + labels + "} 1764000000\n",
        "uptally_device_boot_timestamp_seconds{" + labels + "} 1763990000\n",
        "uptally_device_up_seconds_total{" + labels + "} 3600.5\n",
        "uptally_device_down_seconds_total{cause=\"crash\"," + labels + "} 120\n",
        "uptally_device_down_seconds_total{cause=\"silent\"," + labels + "} 0\n",
        "uptally_device_asleep_seconds_total{" + labels + "} 7200\n",
        "uptally_device_unknown_seconds_total{" + labels + "} 30\n",
        "uptally_device_failures_total{" + labels + "} 2\n",
        "uptally_agent_spool_dropped_samples_total{" + labels + "} 5\n",
        "# TYPE uptally_device_up_seconds_total counter",
        "uptally_device_info{" + labels + ",hostname=\"acct-laptop-07\",model=\"\",os=\"\"} 1\n",
        "hostname=\"db \\\"primary\\\"\"");
    assertThat(text).as("unknown boot time has no series").doesNotContain("uptally_device_boot_timestamp_seconds{class=\"server\"");
    assertThat(samplesOf(text, "uptally_device_state")).as("five states; a retired device has no series")
        .hasSize(2 * (LiveState.values().length - 1));
  }

  @Test
  void fleetCannotBeRegisteredTwice() {
    metrics.registerFleet(List::of);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> metrics.registerFleet(List::of))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate metric name");
  }

  @Test
  void everyLineOfTheTextFormatParses() {
    metrics.registerFleet(() -> List.of(laptop(), server()));
    metrics.ingestMetrics().request(IngestMetrics.HEARTBEATS, 200, Duration.ofMillis(12));

    for (String line : text(null).split("\n")) {
      if (line.startsWith("#")) {
        assertThat(line).matches("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");
      } else {
        assertThat(SAMPLE.matcher(line).matches()).as("sample line parses: %s", line).isTrue();
      }
    }
  }

  @Test
  void ingestSelfMetricsFollowPrometheusNaming() {
    IngestMetrics ingest = metrics.ingestMetrics();
    ingest.request(IngestMetrics.ENROLL, 200, Duration.ofMillis(3));
    ingest.acceptedSamples(42);
    ingest.rejected("rate_limited");

    assertThat(text(null)).contains(
        "uptally_ingest_requests_total{endpoint=\"enroll\",status=\"200\"} 1.0",
        "uptally_ingest_samples_total 42.0",
        "uptally_ingest_rejected_total{reason=\"rate_limited\"} 1.0",
        "# TYPE uptally_ingest_latency_seconds histogram",
        "uptally_ingest_latency_seconds_bucket{endpoint=\"enroll\",le=\"+Inf\"} 1");
  }

  @Test
  void jvmMetricsAreBound() {
    assertThat(text(null)).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
        "system_cpu_available", "process_cpu_seconds_total").doesNotContain("system_cpu_count", "process_cpu_time_ns");
  }

  @Test
  void openMetricsIsWrittenWhenAccepted() {
    metrics.registerFleet(() -> List.of(laptop()));
    Scrape scrape = metrics.scrape("application/openmetrics-text; version=1.0.0; charset=utf-8,text/plain;q=0.5");

    assertThat(scrape.contentType()).startsWith("application/openmetrics-text");
    String text = new String(scrape.body(), StandardCharsets.UTF_8);
    assertThat(text).endsWith("# EOF\n").contains("# UNIT uptally_device_up_seconds seconds");
  }

  @Test
  void prometheusTextIsTheDefault() {
    assertThat(metrics.scrape(null).contentType()).startsWith("text/plain; version=0.0.4");
    assertThat(metrics.scrape("text/plain").contentType()).startsWith("text/plain; version=0.0.4");
  }

  @Test
  void promtoolFindsNoProblems(@TempDir Path dir) throws IOException, InterruptedException {
    Path promtool = onPath("promtool");
    Assumptions.assumeTrue(promtool != null, "promtool is not on PATH; skipping 'promtool check metrics'");
    metrics.registerFleet(() -> List.of(laptop(), server(), FleetFamiliesTest.serverWithHealth(),
        FleetFamiliesTest.laptopWithoutInventory()));
    ClientAvailabilityMetrics clients = new ClientAvailabilityMetrics(
        () -> List.of(new dev.uptally.collector.fleet.DeviceIdentity("s1", "acme", "h", DeviceClass.SERVER, null, "1",
            "00", 0, Map.of())),
        (id, from, to) -> java.util.Optional.of(new DeviceSla(from, to, 0.99, 99.9, 1000, 10, 0, 0, 0, List.of())),
        c -> java.time.ZoneOffset.UTC, java.time.Clock.systemUTC());
    clients.refresh();
    metrics.register(clients);
    metrics.ingestMetrics().request(IngestMetrics.HEARTBEATS, 200, Duration.ofMillis(12));
    metrics.ingestMetrics().acceptedSamples(3);
    metrics.ingestMetrics().rejected("malformed");
    // only our own families: Micrometer's JVM binders use names promtool's linter dislikes
    // (process_cpu_time_ns_total, system_cpu_count), which are not ours to rename
    String ours = ours(text(null));
    assertThat(ours).contains("uptally_client_error_budget_remaining_ratio{", "uptally_device_disk_free_bytes{",
        "uptally_device_info{");
    Path file = Files.writeString(dir.resolve("scrape.txt"), ours);

    Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
        .redirectInput(file.toFile()).redirectErrorStream(true).start();
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(output).isZero();
    assertThat(output).isBlank();
  }

  /** Only the lines of our own families. */
  static String ours(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n")) {
      String name = line.startsWith("# ") ? line.split(" ")[2] : line;
      if (name.startsWith("uptally_")) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  private String text(String accept) {
    return new String(metrics.scrape(accept).body(), StandardCharsets.UTF_8);
  }

  private static List<String> samplesOf(String text, String name) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches() && m.group(1).equals(name)) {
        out.add(line);
      }
    }
    return out;
  }

  private static Path onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
