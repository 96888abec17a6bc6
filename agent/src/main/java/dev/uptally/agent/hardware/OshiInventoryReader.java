package dev.uptally.agent.hardware;

import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.WireLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import oshi.hardware.CentralProcessor;
import oshi.hardware.ComputerSystem;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OperatingSystem;

/**
 * Reads the inventory the design lists. Called rarely (at start and every inventory check), so it
 * may be slow-ish (it walks block devices and network interfaces). Virtual block devices (loop,
 * ram, zram, device-mapper) are not drives; loopback and interfaces without a MAC are not network.
 */
final class OshiInventoryReader {

  private final HardwareAbstractionLayer hal;
  private final OperatingSystem os;

  OshiInventoryReader(HardwareAbstractionLayer hal, OperatingSystem os) {
    this.hal = hal;
    this.os = os;
  }

  Inventory read() {
    OperatingSystem.OSVersionInfo v = os.getVersionInfo();
    Inventory.Os osInfo = new Inventory.Os(OshiValues.text(os.getFamily()), OshiValues.text(v.getVersion()),
        OshiValues.text(v.getBuildNumber()));
    ComputerSystem cs = hal.getComputerSystem();
    Inventory.Hardware hardware = new Inventory.Hardware(OshiValues.text(cs.getManufacturer()),
        OshiValues.text(cs.getModel()), OshiValues.text(cs.getSerialNumber()), OshiValues.text(cs.getHardwareUUID()));
    CentralProcessor cpu = hal.getProcessor();
    Inventory.Cpu cpuInfo = new Inventory.Cpu(OshiValues.text(cpu.getProcessorIdentifier().getName()),
        OshiValues.positive(cpu.getPhysicalProcessorCount()), OshiValues.positive(cpu.getLogicalProcessorCount()));
    return new Inventory(osInfo, hardware, cpuInfo, OshiValues.positive(hal.getMemory().getTotal()),
        OshiValues.atMost(drives(), WireLimits.MAX_DRIVES), OshiValues.atMost(network(), WireLimits.MAX_NETWORK_INTERFACES));
  }

  private List<Inventory.Drive> drives() {
    List<Inventory.Drive> drives = new ArrayList<>();
    for (HWDiskStore d : hal.getDiskStores()) {
      if (d.getSize() > 0 && !isVirtualBlockDevice(d.getName())) {
        drives.add(new Inventory.Drive(OshiValues.text(d.getModel()), OshiValues.text(d.getSerial()), d.getSize()));
      }
    }
    return drives;
  }

  static boolean isVirtualBlockDevice(String name) {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT).replace("/dev/", "");
    return n.startsWith("loop") || n.startsWith("ram") || n.startsWith("zram") || n.startsWith("dm-")
        || n.startsWith("sr") || n.startsWith("nbd");
  }

  private List<Inventory.NetworkInterface> network() {
    List<Inventory.NetworkInterface> interfaces = new ArrayList<>();
    for (NetworkIF n : hal.getNetworkIFs(false)) {
      String mac = OshiValues.text(n.getMacaddr());
      if (mac == null || mac.equals("00:00:00:00:00:00")) {
        continue;
      }
      interfaces.add(new Inventory.NetworkInterface(OshiValues.text(n.getName()), mac,
          OshiValues.atMost(Arrays.asList(n.getIPv4addr()), WireLimits.MAX_IPV4_PER_INTERFACE)));
    }
    return interfaces;
  }
}
