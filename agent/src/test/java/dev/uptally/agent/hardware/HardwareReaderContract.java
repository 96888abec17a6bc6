package dev.uptally.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link HardwareReader} promises: values are sane or null, never made up. */
abstract class HardwareReaderContract {

  private static final long YEAR_2000_MILLIS = 946_684_800_000L;

  protected HardwareReader reader;

  protected abstract HardwareReader createReader();

  @BeforeEach
  void setUp() {
    reader = createReader();
  }

  @Test
  void cpuValuesAreRatiosAndNonNegativeOrNull() {
    reader.health();
    Health.Cpu cpu = reader.health().cpu();
    assertThat(cpu).isNotNull();
    if (cpu.usage() != null) {
      assertThat(cpu.usage()).isBetween(0.0, 1.0);
    }
    if (cpu.load1() != null) {
      assertThat(cpu.load1()).isGreaterThanOrEqualTo(0.0);
    }
    if (cpu.temperatureC() != null) {
      assertThat(cpu.temperatureC()).isBetween(1.0, 150.0);
    }
  }

  @Test
  void memoryAvailableAndSwapUsedNeverExceedTheirTotals() {
    Health.Memory m = reader.health().memory();
    assertThat(m).isNotNull();
    if (m.totalBytes() != null && m.availableBytes() != null) {
      assertThat(m.totalBytes()).isPositive();
      assertThat(m.availableBytes()).isBetween(0L, m.totalBytes());
    }
    if (m.swapTotalBytes() != null && m.swapUsedBytes() != null) {
      assertThat(m.swapUsedBytes()).isBetween(0L, m.swapTotalBytes());
    }
  }

  @Test
  void disksAreRealFileSystemsWithFreeSpaceWithinTheirSize() {
    for (Health.Disk d : reader.health().disks()) {
      assertThat(d.mount()).isNotBlank();
      assertThat(d.totalBytes()).isPositive();
      assertThat(d.freeBytes()).isBetween(0L, d.totalBytes());
    }
  }

  @Test
  void batteryIsReportedExactlyWhenTheMachineHasOne() {
    Health h = reader.health();
    assertThat(h.battery() != null).isEqualTo(reader.hasBattery());
    assertThat(h.onBattery()).isNotNull();
    if (h.battery() != null) {
      Health.Battery b = h.battery();
      if (b.percent() != null) {
        assertThat(b.percent()).isBetween(0.0, 100.0);
      }
      if (b.healthRatio() != null) {
        assertThat(b.healthRatio()).isPositive();
      }
      if (b.cycles() != null) {
        assertThat(b.cycles()).isNotNegative();
      }
    } else {
      assertThat(h.onBattery()).isFalse();
    }
    assertThat(h.fansRpm()).allMatch(rpm -> rpm >= 0);
  }

  @Test
  void bootTimeIsInThePast() {
    assertThat(reader.bootTimeMillis()).isBetween(YEAR_2000_MILLIS, Instant.now().toEpochMilli());
  }

  @Test
  void inventoryFieldsAreMeaningfulOrNull() {
    Inventory inv = reader.inventory();
    assertThat(inv.os()).isNotNull();
    assertThat(inv.os().family()).isNotBlank();
    if (inv.memoryBytes() != null) {
      assertThat(inv.memoryBytes()).isPositive();
    }
    if (inv.cpu() != null && inv.cpu().logicalCores() != null) {
      assertThat(inv.cpu().logicalCores()).isPositive();
    }
    assertThat(inv.drives()).allMatch(d -> d.sizeBytes() != null && d.sizeBytes() > 0);
    assertThat(inv.network()).allMatch(n -> n.name() != null && n.mac() != null);
    assertThat(inv.hardware()).isNotNull();
    assertThat(inv.hardware().serial()).isNotEqualToIgnoringCase("unknown");
  }

  @Test
  void inventoryIsStableBetweenReads() {
    assertThat(reader.inventory().os()).isEqualTo(reader.inventory().os());
    assertThat(reader.inventory().hardware()).isEqualTo(reader.inventory().hardware());
  }

  @Test
  void healthAndInventorySurviveTheWireFormat() {
    Health h = reader.health();
    Inventory inv = reader.inventory();
    assertThat(Json.mapper().readValue(Json.mapper().writeValueAsString(h), Health.class)).isEqualTo(h);
    assertThat(Json.mapper().readValue(Json.mapper().writeValueAsString(inv), Inventory.class)).isEqualTo(inv);
  }
}
