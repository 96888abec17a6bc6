package dev.uptally.collector.store;

import static dev.uptally.collector.store.StoreFixtures.health;
import static dev.uptally.collector.store.StoreFixtures.identity;
import static dev.uptally.collector.store.StoreFixtures.inventory;
import static dev.uptally.collector.store.StoreFixtures.progress;
import static dev.uptally.collector.store.StoreFixtures.progressOnly;
import static dev.uptally.collector.store.StoreFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceStore;
import dev.uptally.collector.fleet.DeviceUpdate;
import dev.uptally.collector.fleet.StoredDevice;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.fleet.TimelineState;
import dev.uptally.collector.store.jdbc.JdbcDeviceStore;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.common.device.OutageCause;
import dev.uptally.common.time.TimeRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link DeviceStore} shows. A backend's test extends this and says how to open its storage
 * (SQLite: in a directory; PostgreSQL: in a database of its own); opening it again must see the same data.
 */
abstract class DeviceStoreContractTest {

  @TempDir Path dir;
  protected JdbcStorage storage;
  protected DeviceStore store;

  /** Opens the storage kept in {@code dir} (or the test's database), creating it when empty. */
  protected abstract JdbcStorage newStorage(Path dir);

  @BeforeEach
  void openStore() {
    storage = newStorage(dir);
    store = storage.devices();
  }

  @AfterEach
  void closeStore() {
    storage.close();
  }

  /** Closes the storage and opens it again from the same place. */
  protected void reopen() {
    storage.close();
    storage = newStorage(dir);
    store = storage.devices();
  }

  protected StoredDevice loaded(String deviceId) {
    return store.loadDevices().stream().filter(d -> d.identity().deviceId().equals(deviceId)).findFirst()
        .orElseThrow(() -> new AssertionError("device " + deviceId + " not loaded"));
  }

  @Test
  void savedIdentityIsLoadedBackWithoutProgressOrHealth() {
    store.saveIdentity(identity("d1", "hash-1"));

    assertThat(store.loadDevices()).singleElement().satisfies(d -> {
      assertThat(d.identity()).isEqualTo(identity("d1", "hash-1"));
      assertThat(d.progress()).isEqualTo(DeviceProgress.NONE);
      assertThat(d.health()).isNull();
      assertThat(d.inventory()).isNull();
      assertThat(d.lastReceivedMillis()).isZero();
    });
  }

  @Test
  void reEnrollmentReplacesTheTokenHashAndKeepsProgress() {
    store.saveIdentity(identity("d1", "hash-old"));
    store.commit(List.of(progressOnly("d1", 7)));

    store.saveIdentity(identity("d1", "hash-new"));

    assertThat(store.loadDevices()).singleElement().satisfies(d -> {
      assertThat(d.identity().tokenHash()).isEqualTo("hash-new");
      assertThat(d.progress()).isEqualTo(progress(7));
    });
  }

  @Test
  void oneCommitAppliesUpdatesOfManyDevices() {
    List<DeviceUpdate> updates = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      store.saveIdentity(identity("d" + i, "h" + i));
      updates.add(progressOnly("d" + i, i));
    }

    store.commit(updates);

    assertThat(store.loadDevices()).hasSize(200)
        .allSatisfy(d -> assertThat(d.progress())
            .isEqualTo(progress(Long.parseLong(d.identity().deviceId().substring(1)))));
  }

  /** 50 devices with progress, health and inventory, ids d000…d049. */
  private List<String> fiftyDevices() {
    List<DeviceUpdate> updates = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String id = String.format(java.util.Locale.ROOT, "d%03d", i);
      ids.add(id);
      store.saveIdentity(identity(id, "h" + i));
      updates.add(update(id, i + 1, health(i / 100.0), inventory("M" + i), List.of(), List.of()));
    }
    store.commit(updates);
    return ids;
  }

  @Test
  void aLoadParsedInManyBatchesKeepsEveryDeviceInIdOrder() {
    List<String> ids = fiftyDevices();
    DeviceStore batched = new JdbcDeviceStore(storage.database(), 7); // 8 batches, the last one short

    List<StoredDevice> loaded = batched.loadDevices();

    assertThat(loaded).extracting(d -> d.identity().deviceId()).containsExactlyElementsOf(ids);
    assertThat(loaded).isEqualTo(store.loadDevices());
    for (int i = 0; i < 50; i++) {
      assertThat(loaded.get(i).health()).isEqualTo(health(i / 100.0));
      assertThat(loaded.get(i).inventory()).isEqualTo(inventory("M" + i));
      assertThat(loaded.get(i).progress()).isEqualTo(progress(i + 1));
    }
  }

  @Test
  void aLoadPassesEveryDeviceThroughKeepAndReturnsWhatKeepReturned() {
    List<String> ids = fiftyDevices();
    DeviceStore batched = new JdbcDeviceStore(storage.database(), 7);
    java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    List<StoredDevice> loaded = batched.loadDevices(d -> {
      seen.add(d.identity().deviceId());
      return new StoredDevice(d.identity(), d.progress(), null, d.inventory(), d.lastReceivedMillis());
    });

    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(loaded).extracting(d -> d.identity().deviceId()).containsExactlyElementsOf(ids);
    assertThat(loaded).allSatisfy(d -> assertThat(d.health()).isNull());
    assertThat(loaded.get(3).inventory()).isEqualTo(inventory("M3"));
  }

  @Test
  void aStoredHealthThatDoesNotParseFailsTheLoadNamingItsDevice() {
    fiftyDevices();
    storage.database().write("damage one health", c -> {
      try (var st = c.createStatement()) {
        return st.executeUpdate(storage.database().dialect().sql(
            "UPDATE {health} SET health = '{\"cpu\": [' WHERE device_id = 'd041'"));
      }
    });
    DeviceStore batched = new JdbcDeviceStore(storage.database(), 7);

    assertThatThrownBy(batched::loadDevices).isInstanceOf(StoreException.class)
        .hasMessageContaining("stored health of device d041 is not valid JSON");
  }

  @Test
  void progressHealthAndInventoryAreLoadedBack() {
    store.saveIdentity(identity("d1", "h"));

    store.commit(List.of(update("d1", 5, health(0.25), inventory("T14"), List.of(), List.of())));

    StoredDevice d = loaded("d1");
    assertThat(d.progress()).isEqualTo(progress(5));
    assertThat(d.health()).isEqualTo(health(0.25));
    assertThat(d.inventory()).isEqualTo(inventory("T14"));
    assertThat(d.lastReceivedMillis()).isEqualTo(StoreFixtures.T0 + 5);
  }

  @Test
  void nullHealthAndInventoryKeepTheStoredValues() {
    store.saveIdentity(identity("d1", "h"));
    store.commit(List.of(update("d1", 5, health(0.25), inventory("T14"), List.of(), List.of())));

    store.commit(List.of(progressOnly("d1", 6)));

    StoredDevice d = loaded("d1");
    assertThat(d.progress()).isEqualTo(progress(6));
    assertThat(d.health()).isEqualTo(health(0.25));
    assertThat(d.inventory()).isEqualTo(inventory("T14"));
    assertThat(d.lastReceivedMillis()).isEqualTo(StoreFixtures.T0 + 6);
  }

  @Test
  void nullProgressKeepsTheStoredProgress() {
    store.saveIdentity(identity("d1", "h"));
    store.commit(List.of(progressOnly("d1", 5)));

    store.commit(List.of(new DeviceUpdate("d1", null, health(0.5), null, List.of(), List.of(), 42)));

    assertThat(loaded("d1").progress()).isEqualTo(progress(5));
    assertThat(loaded("d1").health()).isEqualTo(health(0.5));
    assertThat(loaded("d1").lastReceivedMillis()).isEqualTo(42);
  }

  @Test
  void newerHealthAndInventoryReplaceTheStoredOnes() {
    store.saveIdentity(identity("d1", "h"));
    store.commit(List.of(update("d1", 5, health(0.25), inventory("T14"), List.of(), List.of())));

    store.commit(List.of(update("d1", 6, health(0.75), inventory("T16"), List.of(), List.of())));

    assertThat(loaded("d1").health()).isEqualTo(health(0.75));
    assertThat(loaded("d1").inventory()).isEqualTo(inventory("T16"));
  }

  @Test
  void laterUpdateOfTheSameDeviceInOneCommitWins() {
    store.saveIdentity(identity("d1", "h"));

    store.commit(List.of(update("d1", 8, health(0.1), null, List.of(), List.of()),
        update("d1", 9, health(0.9), null, List.of(), List.of())));

    assertThat(loaded("d1").progress()).isEqualTo(progress(9));
    assertThat(loaded("d1").health()).isEqualTo(health(0.9));
  }

  @Test
  void intervalsOverlappingTheRangeComeBackUnclippedInStartOrder() {
    store.saveIdentity(identity("d1", "h"));
    store.saveIdentity(identity("d2", "h"));
    TimelineInterval a = new TimelineInterval(100, 200, TimelineState.DOWN, OutageCause.CRASH);
    TimelineInterval b = new TimelineInterval(200, 300, TimelineState.ASLEEP, null);
    TimelineInterval c = new TimelineInterval(300, 400, TimelineState.UNKNOWN, null);
    store.commit(List.of(update("d1", 1, null, null, List.of(c, a), List.of()),
        update("d2", 1, null, null, List.of(b), List.of())));
    store.commit(List.of(update("d1", 2, null, null, List.of(b), List.of())));

    assertThat(store.intervals("d1", 0, 1000)).containsExactly(a, b, c);
    assertThat(store.intervals("d1", 200, 300)).as("touching ends do not overlap").containsExactly(b);
    assertThat(store.intervals("d1", 150, 250)).containsExactly(a, b);
    assertThat(store.intervals("d1", 250, 260)).containsExactly(b);
    assertThat(store.intervals("d1", 0, 100)).isEmpty();
    assertThat(store.intervals("d1", 400, 500)).isEmpty();
    assertThat(store.intervals("d2", 0, 1000)).containsExactly(b);
    assertThat(store.intervals("unknown-device", 0, 1000)).isEmpty();
  }

  @Test
  void unreachableRangesOverlappingTheRangeComeBackInStartOrder() {
    store.saveIdentity(identity("d1", "h"));
    TimeRange early = new TimeRange(1_000, 2_000);
    TimeRange late = new TimeRange(5_000, 9_000);
    store.commit(List.of(update("d1", 1, null, null, List.of(), List.of(late, early))));

    assertThat(store.unreachable("d1", 0, 10_000)).containsExactly(early, late);
    assertThat(store.unreachable("d1", 2_000, 5_000)).isEmpty();
    assertThat(store.unreachable("d1", 1_999, 5_001)).containsExactly(early, late);
    assertThat(store.unreachable("d1", 6_000, 7_000)).containsExactly(late);
  }

  @Test
  void overlappingAndTouchingGapsOfADeviceComeBackAsOneAndOthersStayApart() {
    store.saveIdentity(identity("d1", "h"));
    store.saveIdentity(identity("d2", "h"));
    store.commit(List.of(update("d1", 1, null, null, List.of(), List.of(new TimeRange(1_000, 2_000))),
        update("d2", 1, null, null, List.of(), List.of(new TimeRange(1_500, 2_500)))));
    store.commit(List.of(update("d1", 2, null, null, List.of(),
        List.of(new TimeRange(6_000, 7_000), new TimeRange(1_500, 3_000), new TimeRange(3_000, 4_000)))));

    assertThat(store.unreachable("d1", 0, 10_000))
        .containsExactly(new TimeRange(1_000, 4_000), new TimeRange(6_000, 7_000));
    assertThat(store.unreachable("d1", 3_999, 6_001))
        .containsExactly(new TimeRange(1_000, 4_000), new TimeRange(6_000, 7_000));
    assertThat(store.unreachable("d1", 4_000, 6_000)).isEmpty();
    assertThat(store.unreachable("d2", 0, 10_000)).containsExactly(new TimeRange(1_500, 2_500));
  }

  /**
   * A spool replay: every late request proves a gap from its oldest sample to its receive time, each overlapping the
   * last. Together they are one gap, from the first request's oldest sample to the last one's receive time.
   */
  @Test
  void aReplayOfOverlappingGapsIsOneGapFromTheFirstSampleToTheLastReceipt() {
    store.saveIdentity(identity("d1", "h"));
    long firstSample = 1_000_000;
    long firstReceipt = 90_000_000;
    for (int request = 0; request < 200; request += 4) {
      List<DeviceUpdate> group = new ArrayList<>();
      for (int r = request; r < request + 4; r++) {
        group.add(update("d1", r, null, null, List.of(),
            List.of(new TimeRange(firstSample + r * 400_000L, firstReceipt + r * 100L))));
      }
      store.commit(group);
    }
    TimeRange whole = new TimeRange(1_000_000, 90_019_900);

    assertThat(store.unreachable("d1", 0, Long.MAX_VALUE)).containsExactly(whole);
    assertThat(store.unreachable("d1", 50_000_000, 50_000_001)).containsExactly(whole);
    assertThat(store.unreachable("d1", 90_019_900, Long.MAX_VALUE)).isEmpty();
    reopen();
    assertThat(store.unreachable("d1", 0, Long.MAX_VALUE)).containsExactly(whole);
  }

  @Test
  void committingTheSameIntervalTwiceStoresItOnce() {
    store.saveIdentity(identity("d1", "h"));
    TimelineInterval a = new TimelineInterval(100, 200, TimelineState.DOWN, OutageCause.SHUTDOWN);
    TimeRange gap = new TimeRange(100, 150);

    store.commit(List.of(update("d1", 1, null, null, List.of(a), List.of(gap))));
    store.commit(List.of(update("d1", 1, null, null, List.of(a), List.of(gap))));

    assertThat(store.intervals("d1", 0, 1000)).containsExactly(a);
    assertThat(store.unreachable("d1", 0, 1000)).containsExactly(gap);
  }

  @Test
  void aFailedCommitAppliesNoneOfItsUpdates() {
    store.saveIdentity(identity("d1", "h"));
    store.commit(List.of(progressOnly("d1", 1)));
    TimelineInterval a = new TimelineInterval(100, 200, TimelineState.DOWN, OutageCause.CRASH);

    assertThatThrownBy(() -> store.commit(List.of(update("d1", 2, health(0.5), null, List.of(a), List.of()),
        progressOnly("never-enrolled", 1))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("commit");

    assertThat(loaded("d1").progress()).isEqualTo(progress(1));
    assertThat(loaded("d1").health()).isNull();
    assertThat(store.intervals("d1", 0, 1000)).isEmpty();
    assertThat(store.loadDevices()).hasSize(1);
  }

  @Test
  void everythingSurvivesCloseAndReopen() {
    store.saveIdentity(identity("d1", "h1"));
    TimelineInterval a = new TimelineInterval(100, 200, TimelineState.DOWN, OutageCause.SILENT);
    TimeRange gap = new TimeRange(300, 400);
    store.commit(List.of(update("d1", 3, health(0.3), inventory("X1"), List.of(a), List.of(gap))));

    reopen();

    StoredDevice d = loaded("d1");
    assertThat(d.identity()).isEqualTo(identity("d1", "h1"));
    assertThat(d.progress()).isEqualTo(progress(3));
    assertThat(d.health()).isEqualTo(health(0.3));
    assertThat(d.inventory()).isEqualTo(inventory("X1"));
    assertThat(store.intervals("d1", 0, 1000)).containsExactly(a);
    assertThat(store.unreachable("d1", 0, 1000)).containsExactly(gap);
  }

  @Test
  void aClosedStoreRefusesWork() {
    storage.close();

    assertThatThrownBy(() -> store.commit(List.of(progressOnly("d1", 1))))
        .isInstanceOf(StoreException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> store.loadDevices()).isInstanceOf(StoreException.class).hasMessageContaining("closed");
  }
}
