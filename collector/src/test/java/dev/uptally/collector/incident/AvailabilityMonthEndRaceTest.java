package dev.uptally.collector.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.fleet.FleetListener;
import dev.uptally.collector.fleet.MaintenancePolicy;
import dev.uptally.collector.sla.ContractBook;
import dev.uptally.collector.sla.DeviceSla;
import dev.uptally.collector.store.SqliteContractStore;
import dev.uptally.collector.store.SqliteStore;
import dev.uptally.collector.store.StoredDevice;
import dev.uptally.common.device.DeviceClass;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A month's availability figures are read outside the write transaction while ingest goes on: a batch with late data
 * for the month that lands meanwhile (its shard thread asks {@link AvailabilityEvaluator#needsReview}) must already see
 * the month as judged, or the verdict taken from the figures before it is never revised.
 */
class AvailabilityMonthEndRaceTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final String TOKEN_HASH = "ab".repeat(32);

  @TempDir
  Path dir;
  private SqliteStore main;
  private SqliteContractStore store;
  private Fleet fleet;
  private ContractBook book;

  private static long at(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }

  @BeforeEach
  void open() {
    Path db = dir.resolve("uptally.db");
    main = SqliteStore.open(db);
    store = SqliteContractStore.open(db);
    book = new ContractBook(ContractFixtures.config(NY, db));
    fleet = new Fleet(new Fleet.Settings(1, 90_000), u -> CompletableFuture.completedFuture(null),
        (identity, req) -> CompletableFuture.completedFuture(null), Clock.fixed(Instant.ofEpochMilli(at(
            "2026-12-01T00:45")), NY), FleetListener.NONE, MaintenancePolicy.NONE);
    DeviceIdentity id = new DeviceIdentity("srv-1", "acme", "srv-1", DeviceClass.SERVER, "America/New_York", "1.0",
        TOKEN_HASH, at("2026-11-28T12:00"), Map.of());
    DeviceProgress progress = new DeviceProgress(5, at("2026-11-28T12:00"), at("2026-11-30T20:00"),
        at("2026-11-28T12:00"), null, 0, DeviceProgress.Totals.ZERO);
    fleet.start(List.of(new StoredDevice(id, progress, null, null, at("2026-11-30T20:00"))));
  }

  @AfterEach
  void close() {
    fleet.close();
    store.close();
    main.close();
  }

  private static DeviceSla met(long from, long to) {
    return new DeviceSla(from, to, 1.0, 99.9, to - from, 0, 0, to - from, 0, List.of());
  }

  @Test
  void aBatchLandingWhileTheMonthsFiguresAreReadAsksForAReview() {
    AtomicReference<AvailabilityEvaluator> evaluator = new AtomicReference<>();
    List<Boolean> reviewAsked = new ArrayList<>();
    AvailabilityEvaluator av = new AvailabilityEvaluator(book, fleet, store, (deviceId, from, to) -> {
      // meanwhile a shard thread applies the device's spool: intervals closed on the month's last evening
      DeviceSnapshot s = fleet.snapshot(deviceId).orElseThrow();
      reviewAsked.add(evaluator.get().needsReview(s, at("2026-11-30T21:00"), false));
      return Optional.of(met(from, to));
    }, 30L * 86_400_000);
    evaluator.set(av);
    av.load();
    av.evaluate(at("2026-11-28T13:00"), at("2026-11-28T13:00")); // first run: November is under way

    av.evaluate(at("2026-12-01T00:45"), at("2026-12-01T00:30"));

    assertThat(reviewAsked).containsExactly(true);
  }

  @Test
  void aMonthWhoseFiguresFailedIsNotTakenForJudged() {
    AtomicBoolean failing = new AtomicBoolean(true);
    List<Long> judgedFrom = new ArrayList<>();
    AvailabilityEvaluator av = new AvailabilityEvaluator(book, fleet, store, (deviceId, from, to) -> {
      if (failing.get()) {
        throw new IllegalStateException("figures of " + deviceId + " unavailable");
      }
      judgedFrom.add(from);
      return Optional.of(met(from, to));
    }, 30L * 86_400_000);
    av.load();
    av.evaluate(at("2026-11-28T13:00"), at("2026-11-28T13:00"));
    DeviceSnapshot s = fleet.snapshot("srv-1").orElseThrow();

    assertThatThrownBy(() -> av.evaluate(at("2026-12-01T00:45"), at("2026-12-01T00:30")))
        .hasMessageContaining("unavailable");
    assertThat(av.needsReview(s, at("2026-11-30T21:00"), false)).isFalse();

    failing.set(false);
    av.evaluate(at("2026-12-01T01:45"), at("2026-12-01T01:30"));
    assertThat(judgedFrom).containsExactly(at("2026-11-01T00:00"));
    assertThat(av.needsReview(s, at("2026-11-30T21:00"), false)).isTrue();
  }

  /**
   * A month whose figures cannot be read (here: always) fails its step of the periodic pass, not the pass: the
   * escalation of an open incident due in the same pass still fires.
   */
  @Test
  void aFailingAvailabilityStepDoesNotStopIncidentTimers() {
    store.write("a month under way", tx -> {
      tx.setState(AvailabilityEvaluator.FIRST_PREFIX + "acme", at("2026-11-01T00:00"));
      tx.setState(AvailabilityEvaluator.WATERMARK_PREFIX + "acme", at("2026-11-01T00:00"));
    });
    dev.uptally.collector.it.MutableClock clock = new dev.uptally.collector.it.MutableClock(
        Instant.ofEpochMilli(at("2026-12-01T00:45")));
    ContractEngine engine = new ContractEngine(book, store, clock, 30L * 86_400_000, java.time.Duration.ofDays(1),
        (deviceId, from, to) -> {
          throw new IllegalStateException("figures of " + deviceId + " cannot be read");
        });
    try {
      engine.start(fleet);
      clock.set(Instant.ofEpochMilli(at("2026-12-01T00:47")));
      engine.deviceSilent(fleet.snapshot("srv-1").orElseThrow(), at("2026-11-30T20:00"));
      engine.awaitIdle();
      assertThat(engine.incidents("open", "acme", 0, Long.MAX_VALUE)).hasSize(1);

      long pass = at("2026-12-01T01:00"); // November is due; the P1 escalation (at 75 % of 15 min) too
      clock.set(Instant.ofEpochMilli(pass));
      engine.evaluate(pass);

      assertThat(engine.outbox()).extracting(OutboxEvent::type).contains(ContractEvents.INCIDENT_ESCALATED);
      assertThat(store.state(AvailabilityEvaluator.WATERMARK_PREFIX + "acme")).as("November stays due")
          .hasValue(at("2026-11-01T00:00"));
    } finally {
      engine.close();
    }
  }
}
