package dev.uptally.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class HealthModelTest {

  static final long START = DeviceSimulationTest.START;
  static final long HOUR = 3_600_000L;

  @Test
  void everyReadingIsInItsPhysicalRange() {
    for (DeviceBehaviour d : DeviceSimulationTest.demoDevices()) {
      HealthModel m = new HealthModel(d, new SplittableRandom(d.seed()), START);
      for (long t = START; t < START + 7 * 24 * HOUR; t += 5 * HOUR) {
        Health h = m.at(t);
        assertThat(h.cpu().usage()).isBetween(0.0, 1.0);
        assertThat(h.cpu().temperatureC()).isBetween(20.0, 110.0);
        assertThat(h.memory().availableBytes()).isBetween(0L, h.memory().totalBytes());
        assertThat(h.disks()).singleElement().satisfies(disk -> assertThat(disk.usedRatio()).isBetween(0.0, 1.0));
        if (d.deviceClass() == DeviceClass.LAPTOP) {
          assertThat(h.battery().percent()).isBetween(0.0, 100.0);
          assertThat(h.battery().healthRatio()).isEqualTo(d.health().batteryHealthRatio(), within());
        } else {
          assertThat(h.battery()).isNull();
        }
      }
    }
  }

  @Test
  void disksFillSlowlySoNearlyFullOnesCrossNinetyPercent() {
    List<DeviceBehaviour> nearlyFull = DeviceSimulationTest.demoDevices().stream()
        .filter(d -> d.health().diskUsedAtStart() > 0.9).toList();
    assertThat(nearlyFull).isNotEmpty();
    for (DeviceBehaviour d : nearlyFull) {
      HealthModel m = new HealthModel(d, new SplittableRandom(1), START);
      double first = m.at(START).disks().get(0).usedRatio();
      double later = m.at(START + 30 * 24 * HOUR).disks().get(0).usedRatio();
      assertThat(first).isGreaterThan(0.9);
      assertThat(later).isGreaterThan(first).isLessThan(first + 0.1);
    }
  }

  @Test
  void inventoryNamesTheModelSerialAndDrive() {
    DeviceBehaviour d = DeviceSimulationTest.demoDevices().get(0);
    Inventory inv = HealthModel.inventoryOf(d);
    assertThat(inv.hardware().model()).isEqualTo(d.hardware().model());
    assertThat(inv.hardware().serial()).isEqualTo(d.serial());
    assertThat(inv.drives()).singleElement().satisfies(x -> assertThat(x.serial()).isEqualTo(d.driveSerial()));
  }

  private static Offset<Double> within() {
    return Offset.offset(0.001);
  }
}
