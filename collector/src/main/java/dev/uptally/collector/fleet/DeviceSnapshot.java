package dev.uptally.collector.fleet;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;

/**
 * An immutable picture of one device, published by its shard after every change so that readers (API,
 * metrics, reports) never touch shard state. Live state is derived with the reader's clock.
 *
 * @param health newest health, may be null
 * @param inventory newest inventory, may be null
 * @param lastReceivedMillis collector clock when the newest batch arrived, 0 if none
 */
public record DeviceSnapshot(
    DeviceIdentity identity,
    DeviceProgress progress,
    Health health,
    Inventory inventory,
    long lastReceivedMillis) {

  public String deviceId() {
    return identity.deviceId();
  }

  DeviceSnapshot with(DeviceProgress p, Health h, Inventory inv, long received) {
    return new DeviceSnapshot(identity, p, h == null ? health : h, inv == null ? inventory : inv, received);
  }
}
