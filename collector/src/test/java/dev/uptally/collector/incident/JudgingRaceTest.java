package dev.uptally.collector.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.DeviceStore;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.fleet.FleetListener;
import dev.uptally.collector.fleet.MaintenancePolicy;
import dev.uptally.collector.fleet.StoredDevice;
import dev.uptally.collector.sla.ContractBook;
import dev.uptally.collector.sla.DeviceSla;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.store.sqlite.SqliteStorage;
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
 * Verdicts are read outside the write transaction while ingest goes on. A batch that lands while a device's month is
 * being judged (its shard thread asks {@link EvidenceJudge#needsJudging}) must still be handed to the engine, and a
 * month whose figures could not be read must stay due — neither may leave a verdict from older evidence standing.
 */
class JudgingRaceTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final String TOKEN_HASH = "ab".repeat(32);
  private static final long LOOKBACK = 30L * 86_400_000;

  @TempDir
  Path dir;
  private JdbcStorage storage;
  private DeviceStore main;
  private ContractStore store;
  private Fleet fleet;
  private ContractBook book;

  private static long at(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }

  @BeforeEach
  void open() {
    Path db = dir.resolve("uptally.db");
    storage = SqliteStorage.open(db);
    main = storage.devices();
    store = storage.contracts();
    book = new ContractBook(ContractFixtures.config(NY, db));
    fleet = new Fleet(new Fleet.Settings(1, 90_000), u -> CompletableFuture.completedFuture(null),
        (identity, req) -> CompletableFuture.completedFuture(null), Clock.fixed(Instant.ofEpochMilli(at(
            "2026-12-01T00:45")), NY), FleetListener.NONE, MaintenancePolicy.NONE);
    DeviceIdentity id = new DeviceIdentity("srv-1", "acme", "srv-1", DeviceClass.SERVER, "America/New_York", "1.0",
        TOKEN_HASH, at("2026-11-28T12:00"), Map.of());
    // heard from after November's end: the month's evidence is complete
    DeviceProgress progress = new DeviceProgress(5, at("2026-11-28T12:00"), at("2026-12-01T00:40"),
        at("2026-11-28T12:00"), null, 0, DeviceProgress.Totals.ZERO);
    main.saveIdentity(id);
    main.commit(List.of(new dev.uptally.collector.fleet.DeviceUpdate("srv-1", progress, null, null, List.of(),
        List.of(), at("2026-12-01T00:40"))));
    fleet.start(List.of(new StoredDevice(id, progress, null, null, at("2026-12-01T00:40"))));
  }

  @AfterEach
  void close() {
    fleet.close();
    storage.close();
  }

  private static DeviceSla below(long from, long to) {
    return new DeviceSla(from, to, 0.99, 99.9, to - from, (to - from) / 100, 0, to - from, 0, List.of());
  }

  private EvidenceJudge judge(SlaFigures figures) {
    EvidenceJudge j = new EvidenceJudge(book, fleet, store, main::history, figures, LOOKBACK, at("2026-11-28T12:00"), 300_000);
    j.load();
    return j;
  }

  @Test
  void aBatchLandingWhileTheMonthIsJudgedIsHandedToTheEngine() {
    AtomicReference<EvidenceJudge> judge = new AtomicReference<>();
    List<Boolean> handedOff = new ArrayList<>();
    judge.set(judge((deviceId, from, to) -> {
      // meanwhile a shard thread applies the device's next batch
      handedOff.add(judge.get().needsJudging(fleet.snapshot(deviceId).orElseThrow()));
      return Optional.of(below(from, to));
    }));
    DeviceSnapshot s = fleet.snapshot("srv-1").orElseThrow();

    judge.get().judge(s, at("2026-12-01T00:45"), new IncidentBook(book));

    assertThat(handedOff).containsExactly(true);
    assertThat(judge.get().needsJudging(s)).as("once judged, the same evidence asks for nothing").isFalse();
    assertThat(store.violations("acme", "msp", 0, Long.MAX_VALUE)).extracting(Violation::start)
        .containsExactly(Instant.ofEpochMilli(at("2026-11-01T00:00")));
  }

  @Test
  void aMonthWhoseFiguresFailedStaysDue() {
    AtomicBoolean failing = new AtomicBoolean(true);
    List<Long> judgedFrom = new ArrayList<>();
    EvidenceJudge judge = judge((deviceId, from, to) -> {
      if (failing.get()) {
        throw new IllegalStateException("figures of " + deviceId + " unavailable");
      }
      judgedFrom.add(from);
      return Optional.of(below(from, to));
    });
    DeviceSnapshot s = fleet.snapshot("srv-1").orElseThrow();

    assertThatThrownBy(() -> judge.judge(s, at("2026-12-01T00:45"), new IncidentBook(book)))
        .hasMessageContaining("unavailable");
    assertThat(judge.needsJudging(s)).isTrue();
    assertThat(store.judgedRanges()).isEmpty();

    failing.set(false);
    judge.judge(s, at("2026-12-01T01:45"), new IncidentBook(book));
    assertThat(judgedFrom).containsExactly(at("2026-11-01T00:00"));
    assertThat(judge.needsJudging(s)).isFalse();
    assertThat(store.violations("acme", "msp", 0, Long.MAX_VALUE)).hasSize(1);
  }

  /**
   * A month whose figures cannot be read (here: always) fails its device's judging, not the pass: the escalation of an
   * open incident due in the same pass still fires.
   */
  @Test
  void aFailingJudgingDoesNotStopIncidentTimers() {
    dev.uptally.collector.it.MutableClock clock = new dev.uptally.collector.it.MutableClock(
        Instant.ofEpochMilli(at("2026-12-01T00:45")));
    ContractEngine engine = new ContractEngine(book, store, main::history, clock, LOOKBACK, java.time.Duration.ofDays(1),
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
      assertThat(store.judgedRanges()).as("November stays due").isEmpty();
    } finally {
      engine.close();
    }
  }

  /**
   * The engine thread may lag behind ingest (here: busy judging a month). An incident a batch opens is stamped with
   * when the batch was applied, not when the engine got to it — under load the deviceDown of a server shut down at
   * 23:55 was opened at 00:35, after the server was back.
   */
  @Test
  void anIncidentIsStampedWithWhenItsBatchWasAppliedHoweverLateTheEngineGetsToIt() throws Exception {
    java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    dev.uptally.collector.it.MutableClock clock = new dev.uptally.collector.it.MutableClock(
        Instant.ofEpochMilli(at("2026-12-01T00:45")));
    ContractEngine engine = new ContractEngine(book, store, main::history, clock, LOOKBACK, java.time.Duration.ofDays(1),
        (deviceId, from, to) -> {
          busy.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Optional.of(below(from, to));
        });
    try {
      engine.start(fleet); // srv-1 was heard after November's end: the first pass judges it, and blocks
      assertThat(busy.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      long shutdownAt = at("2026-12-01T00:50");
      clock.set(Instant.ofEpochMilli(shutdownAt));
      DeviceIdentity id = new DeviceIdentity("srv-2", "acme", "srv-2", DeviceClass.SERVER, "America/New_York", "1.0",
          TOKEN_HASH, at("2026-11-28T12:00"), Map.of());
      DeviceProgress off = new DeviceProgress(9, at("2026-11-28T12:00"), shutdownAt, at("2026-11-28T12:00"),
          dev.uptally.common.protocol.ShutdownReason.OS, 0, DeviceProgress.Totals.ZERO);
      engine.batchApplied(new DeviceSnapshot(id, off, null, null, shutdownAt), List.of(), false);
      clock.set(Instant.ofEpochMilli(at("2026-12-01T01:30"))); // the engine gets to it 40 minutes later
      release.countDown();
      engine.awaitIdle();

      assertThat(engine.incidents("open", "acme", 0, Long.MAX_VALUE)).extracting(Incident::deviceId, Incident::openedAt)
          .containsExactly(org.assertj.core.api.Assertions.tuple("srv-2", Instant.ofEpochMilli(shutdownAt)));
    } finally {
      release.countDown();
      engine.close();
    }
  }

  /**
   * Closing the engine while its first pass judges a large fleet stops the pass at the next device: the close does
   * not wait for the whole fleet (with 10,000 devices it waited its full 10 s), and nothing is judged after it, when
   * the storage is closed next.
   */
  @Test
  void closingDuringAPassStopsItAtTheNextDevice() throws Exception {
    List<StoredDevice> devices = new java.util.ArrayList<>();
    DeviceProgress progress = new DeviceProgress(5, at("2026-11-28T12:00"), at("2026-12-01T00:40"),
        at("2026-11-28T12:00"), null, 0, DeviceProgress.Totals.ZERO);
    for (int i = 0; i < 50; i++) {
      DeviceIdentity id = new DeviceIdentity("many-" + i, "acme", "many-" + i, DeviceClass.SERVER, "America/New_York",
          "1.0", "cd".repeat(31) + String.format("%02x", i), at("2026-11-28T12:00"), Map.of());
      main.saveIdentity(id);
      main.commit(List.of(new dev.uptally.collector.fleet.DeviceUpdate(id.deviceId(), progress, null, null, List.of(),
          List.of(), at("2026-12-01T00:40"))));
      devices.add(new StoredDevice(id, progress, null, null, at("2026-12-01T00:40")));
    }
    Fleet many = new Fleet(new Fleet.Settings(1, 90_000), u -> CompletableFuture.completedFuture(null),
        (identity, req) -> CompletableFuture.completedFuture(null), Clock.fixed(Instant.ofEpochMilli(at(
            "2026-12-01T00:45")), NY), FleetListener.NONE, MaintenancePolicy.NONE);
    many.start(devices);
    java.util.concurrent.atomic.AtomicInteger judged = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    ContractEngine engine = new ContractEngine(book, store, main::history, Clock.fixed(Instant.ofEpochMilli(
        at("2026-12-01T00:45")), NY), LOOKBACK, java.time.Duration.ofDays(1), (deviceId, from, to) -> {
          if (judged.incrementAndGet() == 1) {
            busy.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return Optional.of(below(from, to));
        });
    try {
      engine.start(many);
      assertThat(busy.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Long> closed = CompletableFuture.supplyAsync(() -> {
        long t0 = System.nanoTime();
        engine.close();
        return (System.nanoTime() - t0) / 1_000_000;
      });
      // close() marks the engine closing before it waits; give that mark a moment to land, then let the pass go on
      while (!closed.isDone() && !engine.closing()) {
        Thread.onSpinWait();
      }
      release.countDown();
      assertThat(closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("close waits for one device, not 50")
          .isLessThan(5_000);
      assertThat(judged.get()).as("devices judged after the close began").isLessThanOrEqualTo(2);
    } finally {
      release.countDown();
      many.close();
    }
  }
}
