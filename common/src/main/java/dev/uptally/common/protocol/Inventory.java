package dev.uptally.common.protocol;

import java.util.List;

/** What the machine is; sent at enrollment, then only when it changes. Any field may be null. */
public record Inventory(Os os, Hardware hardware, Cpu cpu, Long memoryBytes, List<Drive> drives, List<NetworkInterface> network) {

  public Inventory {
    drives = Copies.list(drives);
    network = Copies.list(network);
  }

  public record Os(String family, String version, String build) {}

  public record Hardware(String manufacturer, String model, String serial, String uuid) {}

  public record Cpu(String name, Integer physicalCores, Integer logicalCores) {}

  public record Drive(String model, String serial, Long sizeBytes) {}

  public record NetworkInterface(String name, String mac, List<String> ipv4) {
    public NetworkInterface {
      ipv4 = Copies.list(ipv4);
    }
  }
}
