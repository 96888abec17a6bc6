package dev.uptally.collector.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.fleet.LiveState;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.device.OutageCause;
import dev.uptally.common.protocol.Health;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetFamiliesTest {

  private final MetricsEndpoint metrics = new MetricsEndpoint();

  @AfterEach
  void close() {
    metrics.close();
  }

  static DeviceMetrics serverWithHealth() {
    Health health = new Health(new Health.Cpu(0.25, 1.5, 61.5), new Health.Memory(16_000L, 4_000L, 0L, 0L),
        List.of(new Health.Disk("/", 500L, 120L), new Health.Disk("C:\\", 900L, 300L), new Health.Disk("/", 1L, 1L),
            new Health.Disk("/mnt/unknown", 100L, null)),
        new Health.Battery(80.0, true, 0.875, 300), List.of(), false);
    return new DeviceMetrics("srv-1", "acme", "db-1", "server", LiveState.UP, 1_764_000_000_123L, 1_763_000_000_000L,
        86_400.25, Map.of(OutageCause.CRASH, 60.0), 0, 0, 1, 0, "PowerEdge R650", "linux 12", health);
  }

  static DeviceMetrics laptopWithoutInventory() {
    return new DeviceMetrics("lap-1", "acme", "lap\nnew", "laptop", LiveState.DOWN, 0, 0, 0, Map.of(), 0, 0, 0, 0);
  }

  private String text(String accept) {
    return new String(metrics.scrape(accept).body(), StandardCharsets.UTF_8);
  }

  @Test
  void healthGaugesCarryTheNewestHealthPerDevice() {
    metrics.registerFleet(() -> List.of(serverWithHealth()));
    String labels = "class=\"server\",client=\"acme\",device=\"srv-1\"";

    assertThat(text(null)).contains(
        "uptally_device_cpu_usage_ratio{" + labels + "} 0.25\n",
        "uptally_device_memory_available_ratio{" + labels + "} 0.25\n",
        "uptally_device_disk_free_bytes{" + labels + ",mount=\"/\"} 120\n",
        "uptally_device_disk_free_bytes{" + labels + ",mount=\"C:\\\\\"} 300\n",
        "uptally_device_temperature_celsius{" + labels + "} 61.5\n",
        "uptally_device_battery_health_ratio{" + labels + "} 0.875\n",
        "uptally_device_last_heartbeat_timestamp_seconds{" + labels + "} 1764000000.123\n",
        "uptally_device_up_seconds_total{" + labels + "} 86400.25\n");
  }

  @Test
  void aMountIsExposedOnceAndOnlyWithAKnownFreeSpace() {
    metrics.registerFleet(() -> List.of(serverWithHealth()));
    List<String> disks = MetricsEndpointTestLines.samples(text(null), "uptally_device_disk_free_bytes");

    assertThat(disks).hasSize(2).noneMatch(l -> l.contains("/mnt/unknown"));
  }

  @Test
  void devicesWithoutHealthHaveNoHealthSeries() {
    metrics.registerFleet(() -> List.of(laptopWithoutInventory()));
    String text = text(null);

    for (String family : List.of("uptally_device_cpu_usage_ratio", "uptally_device_memory_available_ratio",
        "uptally_device_disk_free_bytes", "uptally_device_temperature_celsius", "uptally_device_battery_health_ratio")) {
      assertThat(MetricsEndpointTestLines.samples(text, family)).as(family).isEmpty();
      assertThat(text).as("metadata of " + family).contains("# TYPE " + family + " gauge");
    }
  }

  @Test
  void infoMetricNamesHostnameModelAndOsOncePerDevice() {
    metrics.registerFleet(() -> List.of(serverWithHealth(), laptopWithoutInventory()));
    String text = text(null);

    assertThat(text).contains(
        "uptally_device_info{class=\"server\",client=\"acme\",device=\"srv-1\",hostname=\"db-1\","
            + "model=\"PowerEdge R650\",os=\"linux 12\"} 1\n",
        "uptally_device_info{class=\"laptop\",client=\"acme\",device=\"lap-1\",hostname=\"lap\\nnew\",model=\"\","
            + "os=\"\"} 1\n",
        "# TYPE uptally_device_info gauge");
    assertThat(MetricsEndpointTestLines.samples(text, "uptally_device_info")).hasSize(2);
  }

  @Test
  void openMetricsNamesCountersAndInfoByTheirBaseNameWithUnits() {
    metrics.registerFleet(() -> List.of(serverWithHealth()));
    String text = text("application/openmetrics-text; version=1.0.0");

    assertThat(text).contains(
        "# TYPE uptally_device info\n",
        "# TYPE uptally_device_down_seconds counter\n# UNIT uptally_device_down_seconds seconds\n",
        "# TYPE uptally_device_disk_free_bytes gauge\n# UNIT uptally_device_disk_free_bytes bytes\n",
        "uptally_device_down_seconds_total{cause=\"crash\",",
        "uptally_device_info{class=\"server\"");
    assertThat(text).endsWith("# EOF\n").containsOnlyOnce("# EOF");
    assertThat(text.indexOf("uptally_device_up{")).isLessThan(text.indexOf("jvm_memory_used_bytes"));
  }

  @Test
  void onlyTheInfoMetricCarriesHostnameModelAndOs() {
    metrics.registerFleet(() -> List.of(serverWithHealth()));

    for (String line : MetricsEndpointTest.ours(text(null)).split("\n")) {
      if (!line.startsWith("#") && !line.startsWith("uptally_device_info{")) {
        assertThat(line).doesNotContain("hostname=", "model=", "os=");
      }
    }
  }

  @Test
  void labelsFollowIdentityChangesBetweenScrapes() {
    DeviceMetrics before = laptopWithoutInventory();
    DeviceMetrics[] current = {before};
    metrics.registerFleet(() -> List.of(current[0]));
    assertThat(text(null)).contains("hostname=\"lap\\nnew\"");

    current[0] = new DeviceMetrics("lap-1", "acme", "renamed", "laptop", LiveState.UP, 0, 0, 0, Map.of(), 0, 0, 0, 0);

    assertThat(text(null)).contains("hostname=\"renamed\"").doesNotContain("lap\\nnew");
  }

  @Test
  void gzippedScrapeInflatesToTheSameExposition() throws IOException {
    metrics.registerFleet(() -> List.of(serverWithHealth(), laptopWithoutInventory()));
    Scrape plain = metrics.scrape(null);
    Scrape gzipped = metrics.scrape(null, true);

    assertThat(gzipped.gzipped()).isTrue();
    assertThat(plain.gzipped()).isFalse();
    byte[] inflated;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
      inflated = in.readAllBytes();
    }
    String a = MetricsEndpointTest.ours(new String(plain.body(), StandardCharsets.UTF_8));
    String b = MetricsEndpointTest.ours(new String(inflated, StandardCharsets.UTF_8));
    assertThat(b).isEqualTo(a).contains("uptally_device_info{");
  }

  @Test
  void anExtraCollectorIsScrapedAndItsNamesAreGuarded() {
    metrics.registerFleet(List::of);
    metrics.register(() -> MetricSnapshots.of(CounterSnapshot.builder().name("uptally_patch_window_missed")
        .help("Patch windows missed").dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
            .labels(io.prometheus.metrics.model.snapshots.Labels.of("client", "acme")).value(3).build()).build()));

    assertThat(text(null)).contains("uptally_patch_window_missed_total{client=\"acme\"} 3.0");
    MultiCollector clash = new MultiCollector() {
      @Override
      public MetricSnapshots collect() {
        return MetricSnapshots.of();
      }

      @Override
      public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
        return List.of(MetricFamilyDescriptor.of(MetricType.COUNTER, new MetricMetadata("uptally_device_failures")));
      }
    };
    assertThatThrownBy(() -> metrics.register(clash)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void healthSeriesDefaultToServersAndParseTheProperty() {
    assertThat(HealthSeries.parse(null)).isEqualTo(HealthSeries.SERVERS);
    assertThat(HealthSeries.parse(" ")).isEqualTo(HealthSeries.SERVERS);
    assertThat(HealthSeries.parse("none").classes()).isEmpty();
    assertThat(HealthSeries.parse("all").classes()).containsExactlyInAnyOrder(DeviceClass.values());
    assertThat(HealthSeries.parse("server, laptop").classes())
        .containsExactlyInAnyOrder(DeviceClass.SERVER, DeviceClass.LAPTOP);
    assertThatThrownBy(() -> HealthSeries.parse("server,desktop"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(HealthSeries.PROPERTY).hasMessageContaining("desktop");
  }
}
