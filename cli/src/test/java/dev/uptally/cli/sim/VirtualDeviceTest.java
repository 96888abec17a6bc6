package dev.uptally.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.device.DeviceClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualDeviceTest {

  @Test
  void lostNetworkHoldsALaptopsBatchesBackForTenMinutesToTwoHoursNowAndThen() {
    DeviceBehaviour laptop = DeviceSimulationTest.demoDevices().stream()
        .filter(d -> d.deviceClass() == DeviceClass.LAPTOP).findFirst().orElseThrow();
    VirtualDevice device = new VirtualDevice(laptop, "token");
    long start = DeviceSimulationTest.START;
    List<Long> holds = new ArrayList<>();
    long heldSince = -1;
    for (long t = start; t < start + 60 * DeviceSimulationTest.DAY; t += 30_000) {
      boolean held = device.holdsBack(t);
      if (held && heldSince < 0) {
        heldSince = t;
      } else if (!held && heldSince >= 0) {
        holds.add(t - heldSince);
        heldSince = -1;
      }
    }
    assertThat(holds).hasSizeBetween(5, 40); // 0.3 a day over 60 days
    assertThat(holds).allSatisfy(h -> assertThat(h).isBetween(10 * 60_000L, 120 * 60_000L + 30_000));
  }

  @Test
  void collectorsRetryAfterHoldsSendingBack() {
    DeviceBehaviour server = DeviceSimulationTest.demoDevices().get(0);
    VirtualDevice device = new VirtualDevice(server, "token");
    long t = DeviceSimulationTest.START;
    assertThat(device.holdsBack(t)).isFalse();
    device.notBefore(t + 5_000);
    assertThat(device.holdsBack(t + 4_999)).isTrue();
    assertThat(device.holdsBack(t + 5_000)).isFalse();
  }
}
