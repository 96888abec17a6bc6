package dev.uptally.collector.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.sla.DeviceSla;
import dev.uptally.common.device.DeviceClass;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientAvailabilityMetricsTest {

  private static final long HOUR = 3_600_000L;
  /** 2026-11-10T12:00Z: in New York the month began 2026-11-01T04:00Z (EDT), in Tokyo 2026-10-31T15:00Z. */
  private static final Instant NOW = Instant.parse("2026-11-10T12:00:00Z");

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Map<String, DeviceSla> slas = new HashMap<>();
  private final List<long[]> asked = new ArrayList<>();
  private final List<DeviceIdentity> devices = new ArrayList<>();
  private final MetricsEndpoint metrics = new MetricsEndpoint();
  private final ClientAvailabilityMetrics clients = new ClientAvailabilityMetrics(() -> devices, this::sla,
      c -> c.equals("acme") ? ZoneId.of("America/New_York") : ZoneId.of("Asia/Tokyo"), clock);

  @AfterEach
  void close() {
    clients.close();
    metrics.close();
  }

  private Optional<DeviceSla> sla(String deviceId, long from, long to) {
    asked.add(new long[] {from, to});
    return Optional.ofNullable(slas.get(deviceId));
  }

  private void device(String id, String client, DeviceClass cls, long measuredHours, long downHours, Double target) {
    devices.add(new DeviceIdentity(id, client, "h-" + id, cls, null, "1.0.0", "00", 0, Map.of()));
    if (measuredHours >= 0) {
      slas.put(id, new DeviceSla(0, 1, measuredHours == 0 ? null : 1.0, target, measuredHours * HOUR,
          downHours * HOUR, 0, 0, 0, List.of()));
    }
  }

  @Test
  void availabilityIsPooledPerClientAndClass() {
    device("s1", "acme", DeviceClass.SERVER, 100, 1, 99.0);
    device("s2", "acme", DeviceClass.SERVER, 300, 0, 99.0);
    device("w1", "acme", DeviceClass.WORKSTATION, 50, 5, null);
    device("t1", "tyrell", DeviceClass.SERVER, 200, 0, 99.9);

    clients.refresh();

    assertThat(clients.latest()).extracting(ClientAvailability::clientId, ClientAvailability::deviceClass)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("acme", "server"),
            org.assertj.core.groups.Tuple.tuple("acme", "workstation"),
            org.assertj.core.groups.Tuple.tuple("tyrell", "server"));
    ClientAvailability acmeServers = clients.latest().get(0);
    assertThat(acmeServers.availability()).isCloseTo(399.0 / 400, within(1e-12));
    assertThat(acmeServers.targetRatio()).isCloseTo(0.99, within(1e-12));
    // budget 1 % of 400 h = 4 h, 1 h spent
    assertThat(acmeServers.errorBudgetRemaining()).isCloseTo(0.75, within(1e-12));
    assertThat(clients.latest().get(1).errorBudgetRemaining()).as("no target, no budget").isNull();
  }

  @Test
  void theMonthBeginsAtMidnightInTheClientsZone() {
    device("s1", "acme", DeviceClass.SERVER, 10, 0, 99.0);
    device("t1", "tyrell", DeviceClass.SERVER, 10, 0, 99.0);

    clients.refresh();

    assertThat(asked).hasSize(2);
    assertThat(Instant.ofEpochMilli(asked.get(0)[0])).isEqualTo(Instant.parse("2026-11-01T04:00:00Z"));
    assertThat(Instant.ofEpochMilli(asked.get(1)[0])).isEqualTo(Instant.parse("2026-10-31T15:00:00Z"));
    assertThat(asked).allSatisfy(range -> assertThat(range[1]).isEqualTo(NOW.toEpochMilli()));
  }

  @Test
  void devicesWithNothingMeasuredOrGoneAreLeftOut() {
    device("s1", "acme", DeviceClass.SERVER, 0, 0, 99.0);
    device("gone", "acme", DeviceClass.LAPTOP, -1, 0, null);

    clients.refresh();

    assertThat(clients.latest()).isEmpty();
  }

  @Test
  void scrapeShowsTheLastComputedFiguresOnly() {
    metrics.register(clients);
    device("s1", "acme", DeviceClass.SERVER, 100, 8, 99.0);
    assertThat(text()).doesNotContain("uptally_client_availability_ratio{");

    clients.refresh();
    slas.clear();

    String text = text();
    String labels = "{class=\"server\",client=\"acme\"}";
    assertThat(value(text, "uptally_client_availability_ratio" + labels)).isCloseTo(0.92, within(1e-12));
    assertThat(value(text, "uptally_client_availability_target_ratio" + labels)).isCloseTo(0.99, within(1e-12));
    // budget 1 % of 100 h = 1 h, 8 h spent: 7 budgets overspent
    assertThat(value(text, "uptally_client_error_budget_remaining_ratio" + labels)).isCloseTo(-7, within(1e-9));
    assertThat(value(text, "uptally_client_availability_computed_timestamp_seconds"))
        .isEqualTo(NOW.toEpochMilli() / 1000.0);
  }

  @Test
  void startedMetricsRefreshAtOnceOnTheirOwnThread() throws InterruptedException {
    device("s1", "acme", DeviceClass.SERVER, 10, 0, 99.0);
    clients.start(java.time.Duration.ofHours(1));

    long deadline = System.nanoTime() + 10_000_000_000L;
    while (clients.latest().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5); // bounded await for the scheduler thread, not for time to pass
    }
    assertThat(clients.latest()).hasSize(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> clients.start(java.time.Duration.ofHours(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void overspentBudgetIsNegativeAndAFullTargetHasNone() {
    assertThat(new ClientAvailability("a", "server", 100, 3, 0.99).errorBudgetRemaining()).isCloseTo(-2, within(1e-9));
    assertThat(new ClientAvailability("a", "server", 100, 0, 1.0).errorBudgetRemaining()).isNull();
  }

  private static double value(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1));
      }
    }
    throw new AssertionError("no sample " + series + " in\n" + text);
  }

  private String text() {
    return new String(metrics.scrape(null).body(), StandardCharsets.UTF_8);
  }
}
