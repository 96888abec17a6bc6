package dev.uptally.collector.incident;

import dev.uptally.collector.sla.DeviceSla;
import java.util.Optional;

/** A device's SLA figures over a window, as {@code /sla} computes them; empty when the device is unknown. */
@FunctionalInterface
public interface SlaFigures {

  Optional<DeviceSla> of(String deviceId, long fromMillis, long toMillis);
}
