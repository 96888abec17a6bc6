package dev.uptally.collector.fleet;

import dev.uptally.common.protocol.Inventory;

/** An inventory a device reported, at the device time (skew-corrected) of the sample that carried it. */
public record TimedInventory(long atMillis, Inventory inventory) {}
