package dev.uptally.collector.incident;

import dev.uptally.collector.fleet.DeviceHistory;

/** Where the judge reads a device's durable history from (the device store's {@code history}). */
@FunctionalInterface
public interface DeviceHistories {

  /** The device's durable progress and its intervals overlapping {@code [fromMillis, toMillis)}, from one snapshot. */
  DeviceHistory history(String deviceId, long fromMillis, long toMillis);
}
