package dev.uptally.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.audit.AuditAction;
import dev.uptally.collector.audit.AuditEntry;
import dev.uptally.collector.fleet.DeviceStore;
import dev.uptally.collector.fleet.DeviceUpdate;
import dev.uptally.collector.fleet.TimedInventory;
import dev.uptally.collector.lifecycle.Correction;
import dev.uptally.collector.lifecycle.LifecycleStore;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.common.protocol.Inventory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link LifecycleStore} must do, run against each backend: the inventory history the device commit keeps
 * (only inventories that change the board or the drives, in order, kept through a reopen, gone with a failed commit)
 * and the corrections of hardware changes.
 */
abstract class LifecycleStoreContractTest {

  private static final long T0 = StoreFixtures.T0;

  @TempDir
  Path dir;
  private JdbcStorage storage;
  private DeviceStore devices;
  private LifecycleStore lifecycle;

  protected abstract JdbcStorage newStorage(Path dir);

  @BeforeEach
  void open() {
    storage = newStorage(dir);
    devices = storage.devices();
    lifecycle = storage.lifecycle();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private void reopen() {
    storage.close();
    open();
  }

  private static Inventory inventory(String osVersion, String... driveSerials) {
    return new Inventory(new Inventory.Os("linux", osVersion, null), new Inventory.Hardware("Dell", "OptiPlex 7010",
        "BOARD-1", null), null, 8L << 30, java.util.Arrays.stream(driveSerials)
        .map(s -> new Inventory.Drive("Samsung 870", s, 1L << 40)).toList(), List.of());
  }

  private void commit(String deviceId, long seq, TimedInventory... inventories) {
    Inventory newest = inventories.length == 0 ? null : inventories[inventories.length - 1].inventory();
    devices.commit(List.of(new DeviceUpdate(deviceId, StoreFixtures.progress(seq), null, newest, List.of(), List.of(),
        T0 + seq, List.of(inventories))));
  }

  @Test
  void onlyInventoriesThatChangeTheHardwareAreKeptInOrder() {
    devices.saveIdentity(StoreFixtures.identity("d1", "h1"));
    commit("d1", 1, new TimedInventory(T0 + 10, inventory("6.1", "A")), new TimedInventory(T0 + 20,
        inventory("6.2", "A")), new TimedInventory(T0 + 30, inventory("6.2", "B")));
    commit("d1", 2, new TimedInventory(T0 + 40, inventory("6.3", "B")));
    commit("d1", 3, new TimedInventory(T0 + 50, inventory("6.3", "B", "C")));

    assertThat(lifecycle.inventories("d1")).extracting(TimedInventory::atMillis).containsExactly(T0 + 10, T0 + 30,
        T0 + 50);
    assertThat(lifecycle.inventories("d1").get(2).inventory()).isEqualTo(inventory("6.3", "B", "C"));
    assertThat(lifecycle.inventories("nosuch")).isEmpty();
    reopen();
    assertThat(lifecycle.allInventories()).containsOnlyKeys("d1");
    assertThat(lifecycle.allInventories().get("d1")).hasSize(3);
  }

  @Test
  void inventoriesOlderThanTheEnrollmentsArePlacedByTheirTime() {
    // an agent enrolls with the drive it has now (B) and then replays its spool: A from T0+10, B from T0+30
    devices.saveIdentity(StoreFixtures.identity("d1", "h1"));
    commit("d1", 0, new TimedInventory(T0 + 100, inventory("6.3", "B")));
    commit("d1", 1, new TimedInventory(T0 + 10, inventory("6.1", "A")));
    commit("d1", 2, new TimedInventory(T0 + 20, inventory("6.1", "A")), new TimedInventory(T0 + 30,
        inventory("6.2", "B")));
    commit("d1", 3, new TimedInventory(T0 + 40, inventory("6.2", "B")));

    assertThat(lifecycle.inventories("d1")).extracting(TimedInventory::atMillis).containsExactly(T0 + 10, T0 + 30);
    assertThat(lifecycle.inventories("d1")).extracting(t -> t.inventory().drives().get(0).serial())
        .containsExactly("A", "B");

    // enrolled with the drive it replayed first: that row moves back to the first sample's time
    devices.saveIdentity(StoreFixtures.identity("d2", "h2"));
    commit("d2", 0, new TimedInventory(T0 + 100, inventory("6.1", "A")));
    commit("d2", 1, new TimedInventory(T0 + 10, inventory("6.1", "A")), new TimedInventory(T0 + 50,
        inventory("6.1", "C")));
    assertThat(lifecycle.inventories("d2")).extracting(TimedInventory::atMillis).containsExactly(T0 + 10, T0 + 50);
    assertThat(lifecycle.inventories("d2")).extracting(t -> t.inventory().drives().get(0).serial())
        .containsExactly("A", "C");
  }

  @Test
  void aFailedCommitKeepsNoneOfItsInventories() {
    devices.saveIdentity(StoreFixtures.identity("d1", "h1"));
    assertThatThrownBy(() -> devices.commit(List.of(
        new DeviceUpdate("d1", StoreFixtures.progress(1), null, inventory("6.1", "A"), List.of(), List.of(), T0,
            List.of(new TimedInventory(T0, inventory("6.1", "A")))),
        StoreFixtures.progressOnly("not-enrolled", 1)))).isInstanceOf(StoreException.class);
    assertThat(lifecycle.inventories("d1")).isEmpty();
  }

  private void save(Correction k) {
    lifecycle.saveCorrection(k, AuditEntry.of(k.atMillis(), k.by(), "10.0.0.7", AuditAction.HARDWARE_CHANGE_CORRECT,
        k.deviceId() + "/" + k.changeId(), null));
  }

  @Test
  void correctionsAreReplacedAndReadPerDeviceOrAll() {
    devices.saveIdentity(StoreFixtures.identity("d1", "h1"));
    devices.saveIdentity(StoreFixtures.identity("d2", "h2"));
    save(new Correction("c1", "d1", false, "upgrade", "noc", T0));
    save(new Correction("c2", "d2", true, null, "noc", T0 + 1));
    save(new Correction("c1", "d1", true, "it did fail after all", "lead", T0 + 2));
    reopen();
    assertThat(lifecycle.corrections("d1")).containsOnlyKeys("c1");
    assertThat(lifecycle.corrections("d1").get("c1"))
        .isEqualTo(new Correction("c1", "d1", true, "it did fail after all", "lead", T0 + 2));
    assertThat(lifecycle.corrections(null)).containsOnlyKeys("c1", "c2");
  }
}
