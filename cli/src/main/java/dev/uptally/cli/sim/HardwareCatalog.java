package dev.uptally.cli.sim;

import dev.uptally.common.device.DeviceClass;
import java.util.List;

/** The realistic models the simulator picks from: a few per class, with different crash proneness. */
final class HardwareCatalog {

  private static final long GIB = 1L << 30;
  private static final long GB = 1_000_000_000L;

  private static final List<HardwareModel> SERVERS = List.of(
      new HardwareModel(DeviceClass.SERVER, "Dell Inc.", "PowerEdge R650", "Intel Xeon Silver 4314", 16, 32,
          128 * GIB, "Dell Ent NVMe P5500 RI", 1_920 * GB, "Windows", "Server 2022", 1.0),
      new HardwareModel(DeviceClass.SERVER, "HPE", "ProLiant DL380 Gen10", "Intel Xeon Gold 5218", 16, 32,
          192 * GIB, "HPE MO001920JWFWU", 1_920 * GB, "Ubuntu", "22.04", 0.7),
      new HardwareModel(DeviceClass.SERVER, "Lenovo", "ThinkSystem SR630", "Intel Xeon Silver 4210R", 10, 20,
          64 * GIB, "Micron 5300 MTFDDAK960TDS", 960 * GB, "Windows", "Server 2019", 1.8));

  private static final List<HardwareModel> WORKSTATIONS = List.of(
      new HardwareModel(DeviceClass.WORKSTATION, "Dell Inc.", "OptiPlex 7010", "Intel Core i5-13500", 14, 20,
          16 * GIB, "SK hynix PC801 NVMe", 512 * GB, "Windows", "11", 1.0),
      new HardwareModel(DeviceClass.WORKSTATION, "HP", "EliteDesk 800 G6", "Intel Core i7-10700", 8, 16,
          32 * GIB, "Samsung PM981a", 512 * GB, "Windows", "11", 1.6),
      new HardwareModel(DeviceClass.WORKSTATION, "Lenovo", "ThinkCentre M70q Gen 3", "Intel Core i5-12400T", 6, 12,
          16 * GIB, "WDC PC SN740", 256 * GB, "Windows", "10", 0.7));

  private static final List<HardwareModel> LAPTOPS = List.of(
      new HardwareModel(DeviceClass.LAPTOP, "Lenovo", "ThinkPad T14 Gen 3", "Intel Core i5-1245U", 10, 12,
          16 * GIB, "Samsung PM9A1", 512 * GB, "Windows", "11", 1.0),
      new HardwareModel(DeviceClass.LAPTOP, "Dell Inc.", "Latitude 5430", "Intel Core i5-1235U", 10, 12,
          16 * GIB, "Kioxia BG5", 256 * GB, "Windows", "11", 2.0),
      new HardwareModel(DeviceClass.LAPTOP, "HP", "EliteBook 840 G9", "Intel Core i7-1255U", 10, 12,
          32 * GIB, "Samsung PM9B1", 512 * GB, "Windows", "11", 1.3),
      new HardwareModel(DeviceClass.LAPTOP, "Apple Inc.", "MacBook Air (M2, 2022)", "Apple M2", 8, 8,
          16 * GIB, "APPLE SSD AP0512Z", 512 * GB, "macOS", "14.6", 0.5));

  private HardwareCatalog() {}

  static List<HardwareModel> models(DeviceClass deviceClass) {
    return switch (deviceClass) {
      case SERVER -> SERVERS;
      case WORKSTATION -> WORKSTATIONS;
      case LAPTOP -> LAPTOPS;
    };
  }
}
