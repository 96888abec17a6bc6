package dev.uptally.collector.ingest;

import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.WireLimits;

/**
 * Bounds of an inventory (at enrollment and in samples): at most {@value WireLimits#MAX_DRIVES} drives,
 * {@value WireLimits#MAX_NETWORK_INTERFACES} network interfaces of {@value WireLimits#MAX_IPV4_PER_INTERFACE}
 * addresses each, strings of {@value WireLimits#MAX_TEXT_CHARS} characters, sizes not negative, no null entries.
 * An inventory is kept in memory for every device, so these bound what one enrollment can make the collector hold.
 */
final class InventoryChecks {

  private static final int TEXT = WireLimits.MAX_TEXT_CHARS;

  private InventoryChecks() {}

  /** @param at where the inventory is: a String or a {@link FieldPath} */
  static void check(Object at, Inventory inv) {
    if (inv == null) {
      return;
    }
    if (inv.os() != null) {
      FieldChecks.text(at, ".os.family", inv.os().family(), TEXT);
      FieldChecks.text(at, ".os.version", inv.os().version(), TEXT);
      FieldChecks.text(at, ".os.build", inv.os().build(), TEXT);
    }
    if (inv.hardware() != null) {
      FieldChecks.text(at, ".hardware.manufacturer", inv.hardware().manufacturer(), TEXT);
      FieldChecks.text(at, ".hardware.model", inv.hardware().model(), TEXT);
      FieldChecks.text(at, ".hardware.serial", inv.hardware().serial(), TEXT);
      FieldChecks.text(at, ".hardware.uuid", inv.hardware().uuid(), TEXT);
    }
    if (inv.cpu() != null) {
      FieldChecks.text(at, ".cpu.name", inv.cpu().name(), TEXT);
      FieldChecks.nonNegative(at, ".cpu.physicalCores", inv.cpu().physicalCores(), "");
      FieldChecks.nonNegative(at, ".cpu.logicalCores", inv.cpu().logicalCores(), "");
    }
    FieldChecks.nonNegative(at, ".memoryBytes", inv.memoryBytes(), "bytes");
    FieldChecks.entries(at, ".drives", inv.drives(), WireLimits.MAX_DRIVES);
    for (int i = 0; i < inv.drives().size(); i++) {
      Inventory.Drive d = inv.drives().get(i);
      FieldPath drive = FieldPath.of(at).then(".drives", i);
      FieldChecks.text(drive, ".model", d.model(), TEXT);
      FieldChecks.text(drive, ".serial", d.serial(), TEXT);
      FieldChecks.nonNegative(drive, ".sizeBytes", d.sizeBytes(), "bytes");
    }
    FieldChecks.entries(at, ".network", inv.network(), WireLimits.MAX_NETWORK_INTERFACES);
    for (int i = 0; i < inv.network().size(); i++) {
      Inventory.NetworkInterface n = inv.network().get(i);
      FieldPath nic = FieldPath.of(at).then(".network", i);
      FieldChecks.text(nic, ".name", n.name(), TEXT);
      FieldChecks.text(nic, ".mac", n.mac(), TEXT);
      FieldChecks.entries(nic, ".ipv4", n.ipv4(), WireLimits.MAX_IPV4_PER_INTERFACE);
      for (int j = 0; j < n.ipv4().size(); j++) {
        FieldChecks.text(nic.then(".ipv4", j), "", n.ipv4().get(j), TEXT);
      }
    }
  }
}
