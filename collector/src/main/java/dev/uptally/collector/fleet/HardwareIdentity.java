package dev.uptally.collector.fleet;

import dev.uptally.common.protocol.Inventory;
import java.util.Locale;
import java.util.Set;

/**
 * Whether two inventories describe the same machine: the same SMBIOS system uuid, or the same board serial with the
 * same model. Placeholder values that firmware ships by the million ({@code To Be Filled By O.E.M.}, all-zero uuids,
 * {@code Default string}) prove nothing and never match. Stateless.
 */
final class HardwareIdentity {

  private static final Set<String> PLACEHOLDERS = Set.of("", "0", "none", "null", "n/a", "na", "unknown", "default",
      "default string", "to be filled by o.e.m.", "to be filled by oem", "system serial number", "not specified",
      "not applicable", "chassis serial number", "serial number", "123456789", "0123456789",
      "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
      "03000200-0400-0500-0006-000700080009");

  private HardwareIdentity() {}

  static boolean sameMachine(Inventory known, Inventory offered) {
    if (known == null || offered == null || known.hardware() == null || offered.hardware() == null) {
      return false;
    }
    Inventory.Hardware a = known.hardware();
    Inventory.Hardware b = offered.hardware();
    if (meaningful(a.uuid()) && normal(a.uuid()).equals(normal(b.uuid()))) {
      return true;
    }
    return meaningful(a.serial()) && normal(a.serial()).equals(normal(b.serial()))
        && normal(a.model()).equals(normal(b.model()));
  }

  private static boolean meaningful(String value) {
    return value != null && !PLACEHOLDERS.contains(normal(value));
  }

  private static String normal(String value) {
    return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
  }
}
