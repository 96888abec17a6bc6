package dev.uptally.collector.lifecycle;

import dev.uptally.common.protocol.Inventory;

/** An inventory of a device that changed its hardware, at the device time of the sample that carried it. */
public record InventoryRecord(long atMillis, Inventory inventory) {}
