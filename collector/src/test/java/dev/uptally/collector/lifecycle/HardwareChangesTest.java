package dev.uptally.collector.lifecycle;

import dev.uptally.collector.fleet.TimedInventory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.uptally.common.protocol.Inventory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HardwareChangesTest {

  static Inventory inventory(String boardSerial, Inventory.Drive... drives) {
    return new Inventory(new Inventory.Os("windows", "11", "22631"),
        new Inventory.Hardware("Lenovo", "ThinkPad T14", boardSerial, "uuid-1"), null, 16L << 30, List.of(drives),
        List.of());
  }

  static Inventory.Drive drive(String model, String serial) {
    return new Inventory.Drive(model, serial, 512L << 30);
  }

  @Test
  void aDriveSerialGoneWhileANewOneAppearedIsAReplacementAndAFailureByDefault() {
    List<TimedInventory> history = List.of(new TimedInventory(100, inventory("PF1", drive("PM9A1", "S1"))),
        new TimedInventory(200, inventory("PF1", drive("SN740", "S2"))));
    List<HardwareChange> changes = HardwareChanges.of("d1", history, Map.of());
    assertThat(changes).extracting(HardwareChange::kind, HardwareChange::atMillis, c -> c.removed().serial(),
        c -> c.added().serial(), HardwareChange::failure)
        .containsExactly(tuple(HardwareChange.Kind.DRIVE_REPLACED, 200L, "S1", "S2", true));
    assertThat(changes.get(0).kind().wireName()).isEqualTo("drive-replaced");
  }

  @Test
  void drivesGoneOrNewAloneAreRemovedOrAddedAndNotFailures() {
    List<TimedInventory> history = List.of(
        new TimedInventory(100, inventory("PF1", drive("PM9A1", "S1"), drive("PM9A1", "S2"))),
        new TimedInventory(200, inventory("PF1", drive("PM9A1", "S1"))),
        new TimedInventory(300, inventory("PF1", drive("PM9A1", "S1"), drive("Ext", "S9"))));
    assertThat(HardwareChanges.of("d1", history, Map.of())).extracting(HardwareChange::kind, HardwareChange::failure)
        .containsExactly(tuple(HardwareChange.Kind.DRIVE_REMOVED, false), tuple(HardwareChange.Kind.DRIVE_ADDED, false));
  }

  @Test
  void aChangedBoardSerialIsABoardReplacementAndDrivesWithoutSerialAreNotFollowed() {
    List<TimedInventory> history = List.of(new TimedInventory(100, inventory("PF1", drive("x", null))),
        new TimedInventory(200, inventory("PF2", drive("y", null))));
    assertThat(HardwareChanges.of("d1", history, Map.of())).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(HardwareChange.Kind.BOARD_REPLACED);
      assertThat(c.removed().serial()).isEqualTo("PF1");
      assertThat(c.added().serial()).isEqualTo("PF2");
      assertThat(c.failure()).isTrue();
    });
  }

  @Test
  void idsAreStableAndACorrectionIsApplied() {
    List<TimedInventory> history = List.of(new TimedInventory(100, inventory("PF1", drive("PM9A1", "S1"))),
        new TimedInventory(200, inventory("PF1", drive("PM9A1", "S2"))));
    String id = HardwareChanges.of("d1", history, Map.of()).get(0).id();
    assertThat(HardwareChanges.of("d1", history, Map.of()).get(0).id()).isEqualTo(id).hasSize(24);
    assertThat(HardwareChanges.of("d2", history, Map.of()).get(0).id()).isNotEqualTo(id);
    HardwareChange corrected = HardwareChanges.of("d1", history,
        Map.of(id, new Correction(id, "d1", false, "upgrade", "noc", 300))).get(0);
    assertThat(corrected.failure()).isFalse();
    assertThat(corrected.note()).isEqualTo("upgrade");
  }
}
