package dev.uptally.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.common.device.DeviceClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceClassResolverTest {

  @TempDir Path root;

  @Test
  void autoWithABatteryIsALaptopEvenOnAServerOs() {
    FakeHardwareReader hw = new FakeHardwareReader();
    hw.serverOs = true;
    assertThat(DeviceClassResolver.resolve("auto", hw)).isEqualTo(DeviceClass.LAPTOP);
  }

  @Test
  void autoWithoutBatteryOnAServerOsIsAServer() {
    FakeHardwareReader hw = new FakeHardwareReader().withoutBattery();
    hw.serverOs = true;
    assertThat(DeviceClassResolver.resolve("auto", hw)).isEqualTo(DeviceClass.SERVER);
  }

  @Test
  void autoWithoutBatteryOnADesktopOsIsAWorkstation() {
    assertThat(DeviceClassResolver.resolve(null, new FakeHardwareReader().withoutBattery()))
        .isEqualTo(DeviceClass.WORKSTATION);
  }

  @Test
  void configuredClassWinsOverHardware() {
    assertThat(DeviceClassResolver.resolve("Server", new FakeHardwareReader())).isEqualTo(DeviceClass.SERVER);
  }

  @Test
  void unknownClassIsRejectedWithItsValue() {
    assertThatThrownBy(() -> DeviceClassResolver.resolve("mainframe", new FakeHardwareReader()))
        .hasMessageContaining("'mainframe'");
  }

  @Test
  void linuxWithoutDisplayManagerIsAServerOs() throws IOException {
    ServerOsDetector detector = new ServerOsDetector(root);
    assertThat(detector.isServerOs("Linux", "12")).isTrue();
    Files.createDirectories(root.resolve("etc/systemd/system"));
    Files.createSymbolicLink(root.resolve("etc/systemd/system/display-manager.service"),
        Path.of("/lib/systemd/system/gdm.service"));
    assertThat(detector.isServerOs("Linux", "12")).isFalse();
  }

  @Test
  void windowsServerEditionsAreServerOsesAndDesktopsAreNot() {
    ServerOsDetector detector = new ServerOsDetector(root);
    assertThat(detector.isServerOs("Windows Server 2022", "Server 2022")).isTrue();
    assertThat(detector.isServerOs("Windows 11", "11")).isFalse();
    assertThat(detector.isServerOs("Mac OS X", "15.1")).isFalse();
    assertThat(detector.isServerOs("FreeBSD", "14.1")).isTrue();
  }
}
