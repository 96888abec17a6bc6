package dev.uptally.collector.fleet;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;

/** A device as loaded at startup. {@code health} and {@code inventory} may be null. */
public record StoredDevice(DeviceIdentity identity, DeviceProgress progress, Health health, Inventory inventory,
    long lastReceivedMillis) {}
