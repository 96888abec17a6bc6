package dev.uptally.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.SampleEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatorHttpTest {

  static final String TOKEN = "acme-enrollment-token-0123456789";
  static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

  final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
  FakeCollector collector;

  @AfterEach
  void stop() {
    if (collector != null) {
      collector.close();
    }
  }

  FleetProfile profile(String token) {
    return new FleetProfile(5, List.of(new ClientFleet("acme", token, ZoneId.of("America/New_York"), 1, 2, 2)));
  }

  Simulator simulator(FleetProfile profile, Clock clock, int intervalSeconds) throws Exception {
    collector = new FakeCollector(Map.of(TOKEN, "acme"), intervalSeconds);
    SimulatorOptions options = new SimulatorOptions(3, 1000, 10, new RetryPolicy(5, Duration.ofMillis(100),
        Duration.ofSeconds(2)), waits::add, Duration.ofHours(1), SimulatorOptions.QUIET);
    return new Simulator(collector.url(), profile, clock, options);
  }

  @Test
  void backfillEnrollsEveryDeviceThenDeliversItsWholeHistoryInSeqOrder() throws Exception {
    try (Simulator sim = simulator(profile(TOKEN), Clock.fixed(NOW, ZoneOffset.UTC), 30)) {
      BackfillResult r = sim.backfill(NOW.minus(Duration.ofDays(3)), NOW);

      assertThat(collector.problems).isEmpty();
      assertThat(r.failures()).isEmpty();
      assertThat(collector.enrollments).hasSize(5)
          .allSatisfy(e -> assertThat(e.inventory().hardware().serial()).isNotBlank());
      long total = 0;
      for (DeviceBehaviour d : sim.devices()) {
        List<Sample> got = collector.applied(d.deviceId());
        SampleInvariants.checkStream(d, got, 30_000);
        assertThat(got.get(got.size() - 1).time() - d.clockSkewMillis()).isLessThanOrEqualTo(NOW.toEpochMilli());
        total += got.size();
        if (sim.truth(d.deviceId(), NOW).stream().noneMatch(i -> i.kind() == TruthKind.SILENT)) {
          assertThat(got.size()).as(d.hostname()).isGreaterThan(3 * 2880 / 2);
        }
      }
      assertThat(r.samples()).isEqualTo(total);
      assertThat(collector.batches).allSatisfy(b -> assertThat(b.batch().samples()).hasSizeLessThanOrEqualTo(1000));
      assertThat(collector.batches).anySatisfy(b -> assertThat(b.batch().samples()).hasSize(1000));
      assertThat(waits).isEmpty();
    }
  }

  @Test
  void sentAtIsTheDevicesOwnSkewedClock() throws Exception {
    try (Simulator sim = simulator(profile(TOKEN), Clock.fixed(NOW, ZoneOffset.UTC), 30)) {
      sim.backfill(NOW.minus(Duration.ofHours(2)), NOW);
      for (FakeCollector.Received b : collector.batches) {
        DeviceBehaviour d = sim.devices().stream().filter(x -> x.deviceId().equals(b.deviceId())).findFirst()
            .orElseThrow();
        assertThat(b.batch().sentAt()).isEqualTo(NOW.toEpochMilli() + d.clockSkewMillis());
      }
    }
  }

  @Test
  void retriesAfterTheCollectorAnswers503AndLosesNothing() throws Exception {
    try (Simulator sim = simulator(profile(TOKEN), Clock.fixed(NOW, ZoneOffset.UTC), 60)) {
      collector.unavailableFor.set(4);
      BackfillResult r = sim.backfill(NOW.minus(Duration.ofDays(1)), NOW);

      assertThat(collector.problems).isEmpty();
      assertThat(r.failures()).isEmpty();
      assertThat(waits).hasSize(4).allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
      for (DeviceBehaviour d : sim.devices()) {
        SampleInvariants.checkStream(d, collector.applied(d.deviceId()), 60_000);
      }
    }
  }

  @Test
  void aCollectorThatStaysUnavailableFailsEachDeviceWithContextInsteadOfHanging() throws Exception {
    try (Simulator sim = simulator(profile(TOKEN), Clock.fixed(NOW, ZoneOffset.UTC), 60)) {
      collector.unavailableFor.set(Integer.MAX_VALUE);
      BackfillResult r = sim.backfill(NOW.minus(Duration.ofHours(6)), NOW);

      assertThat(r.samples()).isZero();
      assertThat(r.failures()).hasSize(5).allSatisfy(f -> assertThat(f).contains("503").contains("storage unavailable"));
      assertThat(waits).hasSize(5 * 4);
    }
  }

  @Test
  void aClosedSimulatorSendsNoMoreHistoryAndDoesNotGoLive() throws Exception {
    Simulator sim = simulator(profile(TOKEN), Clock.fixed(NOW, ZoneOffset.UTC), 60);
    sim.close();

    BackfillResult r = sim.backfill(NOW.minus(Duration.ofDays(1)), NOW);
    assertThat(r.samples()).isZero();
    assertThat(collector.batches).isEmpty();
    assertThatThrownBy(sim::startLive).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void replaysWhatTheCollectorDidNotAcknowledge() throws Exception {
    try (Simulator sim = simulator(profile(TOKEN), Clock.fixed(NOW, ZoneOffset.UTC), 60)) {
      collector.ackPolicy = (first, last) -> Math.min(last, first + 99);
      BackfillResult r = sim.backfill(NOW.minus(Duration.ofDays(2)), NOW);

      assertThat(collector.problems).isEmpty();
      for (DeviceBehaviour d : sim.devices()) {
        SampleInvariants.checkStream(d, collector.applied(d.deviceId()), 60_000);
      }
      assertThat(r.requests()).isGreaterThanOrEqualTo(r.samples() / 100);
    }
  }

  @Test
  void reEnrollsWhenTheDeviceTokenStopsWorking() throws Exception {
    try (Simulator sim = simulator(profile(TOKEN), Clock.fixed(NOW, ZoneOffset.UTC), 60)) {
      collector.revokeTokens.set(1);
      BackfillResult r = sim.backfill(NOW.minus(Duration.ofDays(1)), NOW);

      assertThat(r.failures()).isEmpty();
      assertThat(collector.enrollments).hasSize(6);
      for (DeviceBehaviour d : sim.devices()) {
        SampleInvariants.checkStream(d, collector.applied(d.deviceId()), 60_000);
      }
    }
  }

  @Test
  void aWrongEnrollmentTokenFailsWithTheCollectorsReason() throws Exception {
    try (Simulator sim = simulator(profile("not-the-token-0123456789"), Clock.fixed(NOW, ZoneOffset.UTC), 30)) {
      assertThatThrownBy(sim::enrollAll).isInstanceOfSatisfying(CollectorException.class,
          e -> assertThat(e.status()).isEqualTo(401)).hasMessageContaining("not valid for any client");
    }
  }

  @Test
  void liveModeSendsOneSampleWithHealthPerIntervalAndStopsCleanly() throws Exception {
    Simulator sim = simulator(profile(TOKEN), Clock.systemUTC(), 1);
    sim.startLive();
    awaitUpTo(Duration.ofSeconds(10), () -> sim.devices().stream()
        .allMatch(d -> collector.applied(d.deviceId()).size() >= 2));
    sim.close();
    int after = collector.batches.size();

    assertThat(collector.problems).isEmpty();
    for (DeviceBehaviour d : sim.devices()) {
      List<Sample> got = collector.applied(d.deviceId());
      assertThat(got).as(d.hostname()).hasSizeGreaterThanOrEqualTo(2);
      assertThat(got.get(0).event()).isEqualTo(SampleEvent.STARTUP);
      assertThat(got).allSatisfy(s -> assertThat(s.health()).isNotNull());
    }
    for (FakeCollector.Received b : collector.batches) {
      long skew = sim.devices().stream().filter(x -> x.deviceId().equals(b.deviceId())).findFirst().orElseThrow()
          .clockSkewMillis();
      assertThat(b.receivedAtMillis() - (b.batch().sentAt() - skew)).isBetween(-100L, 2_000L);
    }
    assertThat(sim.liveStats().requests()).isEqualTo(after);
  }

  static void awaitUpTo(Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
