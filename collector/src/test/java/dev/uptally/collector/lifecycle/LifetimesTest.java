package dev.uptally.collector.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.Retirement;
import dev.uptally.collector.fleet.RetirementReason;
import dev.uptally.collector.fleet.TimedInventory;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.protocol.Inventory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LifetimesTest {

  private static final long DAY = 86_400_000L;
  private static final long NOW = 400 * DAY;

  @Test
  void theOracleMatchesPublishedQuantiles() {
    assertThat(ChiSquaredOracle.quantileEven(2, 0.90)).isCloseTo(4.605170186, within(1e-8));
    assertThat(ChiSquaredOracle.quantileEven(4, 0.90)).isCloseTo(7.779440339, within(1e-8));
    assertThat(ChiSquaredOracle.quantileEven(10, 0.90)).isCloseTo(15.98717917, within(1e-7));
  }

  private static DeviceSnapshot unit(String id, String model, long startMillis, RetirementReason reason, long endMillis) {
    Inventory inv = new Inventory(null, new Inventory.Hardware("HP", model, id, null), null, null, List.of(), List.of());
    DeviceProgress p = new DeviceProgress(1, startMillis, startMillis + DAY, startMillis, null, false, 0,
        DeviceProgress.Totals.ZERO, reason == null ? null : new Retirement(endMillis, reason, null, "noc", endMillis));
    return new DeviceSnapshot(new DeviceIdentity(id, "acme", id, DeviceClass.LAPTOP, null, "1", "00", startMillis,
        Map.of()), p, null, inv, startMillis);
  }

  @Test
  void failedUnitsAreFailuresEveryOtherEndIsCensoredAndTheBoundIsTheChiSquaredFormula() {
    List<DeviceSnapshot> fleet = new ArrayList<>();
    long total = 0;
    int failures = 0;
    for (int i = 0; i < 12; i++) {
      long start = i * 10 * DAY;
      RetirementReason reason = i % 4 == 0 ? RetirementReason.FAILED : i % 4 == 1 ? RetirementReason.REPLACED
          : i % 4 == 2 ? RetirementReason.DECOMMISSIONED : null;
      long end = reason == null ? NOW : start + (100 + i) * DAY;
      fleet.add(unit("u" + i, "EliteBook 840", start, reason, end));
      total += end - start;
      failures += reason == RetirementReason.FAILED ? 1 : 0;
    }
    fleet.add(unit("x", "ProBook", 0, null, NOW));
    List<LifetimeRow> rows = new Lifetimes(0.90).rows(Lifetimes.GroupBy.MODEL, fleet, Map.of(), Map.of(), NOW);

    assertThat(rows).extracting(LifetimeRow::group).containsExactly("HP EliteBook 840", "HP ProBook");
    LifetimeRow elite = rows.get(0);
    assertThat(elite.units()).isEqualTo(12);
    assertThat(elite.failures()).isEqualTo(failures).isEqualTo(3);
    assertThat(elite.censored()).isEqualTo(9);
    double seconds = total / 1000.0;
    assertThat(elite.mttfSeconds()).isCloseTo(seconds / 3, Offset.offset(seconds / 3 * 1e-12));
    double bound = 2 * seconds / ChiSquaredOracle.quantileEven(2 * 3 + 2, 0.90);
    assertThat(Math.abs(elite.mttfLowerSeconds() - bound) / bound).isLessThan(1e-9);
    LifetimeRow pro = rows.get(1);
    assertThat(pro.mttfSeconds()).as("no failure: no MTTF, only its bound").isNull();
    double proBound = 2 * (NOW / 1000.0) / ChiSquaredOracle.quantileEven(2, 0.90);
    assertThat(Math.abs(pro.mttfLowerSeconds() - proBound) / proBound).isLessThan(1e-9);
  }

  @Test
  void aDriveLivesFromItsFirstInventoryToTheChangeThatRemovedItOrItsDevicesRetirement() {
    Inventory.Drive a = new Inventory.Drive("PM9A1", "A", 1L);
    Inventory.Drive b = new Inventory.Drive("PM9A1", "B", 1L);
    Inventory.Drive c = new Inventory.Drive("SN740", "C", 1L);
    DeviceSnapshot d = unit("d1", "EliteBook 840", 0, RetirementReason.DECOMMISSIONED, 300 * DAY);
    Inventory.Hardware hw = d.inventory().hardware();
    List<TimedInventory> history = List.of(
        new TimedInventory(DAY, new Inventory(null, hw, null, null, List.of(a, b), List.of())),
        new TimedInventory(100 * DAY, new Inventory(null, hw, null, null, List.of(b, c), List.of())),
        new TimedInventory(350 * DAY, new Inventory(null, hw, null, null, List.of(c), List.of())));
    List<LifetimeRow> rows = new Lifetimes(0.90).rows(Lifetimes.GroupBy.DRIVE_MODEL, List.of(d),
        Map.of("d1", history), Map.of(), NOW);
    // A: day 1 → 100, replaced (failure); B: day 1 → 300, censored at the retirement (its removal came after)
    LifetimeRow pm = rows.get(0);
    assertThat(pm.group()).isEqualTo("PM9A1");
    assertThat(pm.units()).isEqualTo(2);
    assertThat(pm.failures()).isEqualTo(1);
    assertThat(pm.unitSeconds()).isEqualTo((99 * DAY + 299 * DAY) / 1000);
    LifetimeRow sn = rows.get(1);
    assertThat(sn.units()).isEqualTo(1);
    assertThat(sn.unitSeconds()).isEqualTo(200 * DAY / 1000);
  }
}
