package dev.uptally.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.common.device.DeviceClass;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetProfileTest {

  static final Map<String, String> TOKENS = Map.of("acme", "acme-enroll-token-0123456789",
      "globex", "globex-enroll-token-0123456789", "initech", "initech-enroll-token-0123456789");

  @Test
  void sameSeedGivesTheSameDevices() {
    assertThat(FleetProfile.demo(7, TOKENS).devices()).isEqualTo(FleetProfile.demo(7, TOKENS).devices());
  }

  @Test
  void differentSeedsGiveDifferentDevices() {
    List<String> a = FleetProfile.demo(7, TOKENS).devices().stream().map(DeviceBehaviour::deviceId).toList();
    List<String> b = FleetProfile.demo(8, TOKENS).devices().stream().map(DeviceBehaviour::deviceId).toList();
    assertThat(a).doesNotContainAnyElementsOf(b);
  }

  @Test
  void demoFleetHasAFewHundredDevicesInThreeClientsWithUniqueIdsAndHostnames() {
    List<DeviceBehaviour> devices = FleetProfile.demo(1, TOKENS).devices();
    assertThat(devices).hasSizeBetween(200, 400);
    assertThat(devices.stream().map(DeviceBehaviour::clientId).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("acme", "globex", "initech");
    assertThat(devices.stream().map(DeviceBehaviour::deviceId).distinct()).hasSameSizeAs(devices);
    assertThat(devices.stream().map(DeviceBehaviour::hostname).distinct()).hasSameSizeAs(devices);
    assertThat(devices).allSatisfy(d -> assertThat(d.hostname()).startsWith(d.clientId() + "-"));
  }

  @Test
  void devicesTakeTheirClientsTimeZone() {
    List<DeviceBehaviour> devices = FleetProfile.demo(1, TOKENS).devices();
    assertThat(devices).filteredOn(d -> d.clientId().equals("acme"))
        .allSatisfy(d -> assertThat(d.zone()).isEqualTo(ZoneId.of("America/New_York")));
  }

  @Test
  void everyClassHasSeveralHardwareModelsSoReliabilityByModelHasGroups() {
    List<DeviceBehaviour> devices = FleetProfile.demo(1, TOKENS).devices();
    for (DeviceClass cls : DeviceClass.values()) {
      Set<String> models = devices.stream().filter(d -> d.deviceClass() == cls)
          .map(d -> d.hardware().model()).collect(Collectors.toSet());
      assertThat(models).as("models of %s", cls).hasSizeGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void aFewDevicesHaveAWornBatteryANearlyFullDiskASkewedClockOrDie() {
    List<DeviceBehaviour> devices = FleetProfile.demo(1, TOKENS).devices();
    assertThat(devices).filteredOn(d -> d.health().batteryHealthRatio() != null
        && d.health().batteryHealthRatio() < 0.6).isNotEmpty();
    assertThat(devices).filteredOn(d -> d.health().diskUsedAtStart() > 0.9).isNotEmpty();
    assertThat(devices).filteredOn(d -> Math.abs(d.clockSkewMillis()) > 60_000).isNotEmpty();
    assertThat(devices).filteredOn(d -> d.diesAtFraction() != null).isNotEmpty();
    assertThat(devices).filteredOn(d -> d.deviceClass() != DeviceClass.LAPTOP)
        .allSatisfy(d -> assertThat(d.health().batteryHealthRatio()).isNull());
  }

  @Test
  void demoNeedsATokenForEveryClient() {
    assertThatThrownBy(() -> FleetProfile.demo(1, Map.of("acme", "x")))
        .hasMessageContaining("globex");
  }

  @Test
  void enrollmentTokenIsNotInToString() {
    ClientFleet c = FleetProfile.demo(1, TOKENS).clients().get(0);
    assertThat(c.toString()).doesNotContain(c.enrollmentToken()).contains("acme");
  }
}
