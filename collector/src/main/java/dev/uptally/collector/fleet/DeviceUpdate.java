package dev.uptally.collector.fleet;

import dev.uptally.collector.audit.AuditEntry;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.time.TimeRange;
import java.util.List;

/**
 * Everything one applied heartbeat batch changed for one device.
 *
 * @param progress progress after the batch; null keeps the stored one
 * @param health newest health, null when the batch had none (keep the stored one)
 * @param inventory new inventory, null when unchanged (keep the stored one)
 * @param closedIntervals non-up intervals the batch closed, to append
 * @param unreachable reachability gaps the batch proved, to append
 * @param receivedMillis collector clock when the batch arrived
 * @param inventories every inventory the batch carried, in sample order (the newest is {@code inventory}): each that
 *     changed the board or the drives is kept in the device's inventory history, where hardware changes are read
 * @param audit audit rows of the operator action this update is (a retirement, a reinstatement), committed with it;
 *     empty for a heartbeat batch
 */
public record DeviceUpdate(
    String deviceId,
    DeviceProgress progress,
    Health health,
    Inventory inventory,
    List<TimelineInterval> closedIntervals,
    List<TimeRange> unreachable,
    long receivedMillis,
    List<TimedInventory> inventories,
    List<AuditEntry> audit) {

  public DeviceUpdate {
    closedIntervals = List.copyOf(closedIntervals);
    unreachable = List.copyOf(unreachable);
    inventories = List.copyOf(inventories);
    audit = List.copyOf(audit);
  }

  /** A heartbeat batch's update: no audit row. */
  public DeviceUpdate(String deviceId, DeviceProgress progress, Health health, Inventory inventory,
      List<TimelineInterval> closedIntervals, List<TimeRange> unreachable, long receivedMillis,
      List<TimedInventory> inventories) {
    this(deviceId, progress, health, inventory, closedIntervals, unreachable, receivedMillis, inventories, List.of());
  }

  /** An update whose inventory (if any) is placed at the time it was received. */
  public DeviceUpdate(String deviceId, DeviceProgress progress, Health health, Inventory inventory,
      List<TimelineInterval> closedIntervals, List<TimeRange> unreachable, long receivedMillis) {
    this(deviceId, progress, health, inventory, closedIntervals, unreachable, receivedMillis,
        inventory == null ? List.of() : List.of(new TimedInventory(receivedMillis, inventory)));
  }
}
