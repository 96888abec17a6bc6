package dev.uptally.collector.metrics;

import java.util.List;

/** The fleet's per-device figures at scrape time. Called on a scrape thread; must not block for long. */
public interface FleetMetricsSource {

  List<DeviceMetrics> snapshot();
}
