package dev.uptally.collector.fleet;

import java.util.List;

/**
 * Told about device changes, on the device's shard thread: implementations must be quick and must not
 * block (hand work to their own executor). Used by incidents, notifications and metrics.
 */
public interface FleetListener {

  FleetListener NONE = new FleetListener() {};

  /** Nothing was heard from the device for longer than grace; {@code since} is its last sample time. */
  default void deviceSilent(DeviceSnapshot device, long sinceMillis) {}

  /** A batch was applied and is durable; {@code closed} are the non-up intervals it closed. */
  default void batchApplied(DeviceSnapshot device, List<TimelineInterval> closed, boolean wasSilent) {}

  /** The device was retired or reinstated ({@link DeviceProgress#retirement()}), durably. */
  default void lifecycleChanged(DeviceSnapshot device) {}
}
