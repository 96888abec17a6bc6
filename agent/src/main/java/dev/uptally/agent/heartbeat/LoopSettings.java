package dev.uptally.agent.heartbeat;

import java.time.Duration;

/**
 * Knobs of the heartbeat loop.
 *
 * @param initialInterval used until the collector names its {@code intervalSeconds}
 * @param jitterFraction each interval is stretched or shrunk by a random fraction up to this (0.1 = ±10 %)
 * @param maxBatchSamples samples per request (the protocol allows at most 1000)
 * @param maxBatchesPerRound requests in a row while draining a backlog before sampling again
 * @param requestTimeout per request
 * @param wakeAtLeastEvery the loop wakes this often to watch the clocks for sleep
 * @param inventoryEvery how often the inventory is re-read to see whether it changed
 */
public record LoopSettings(Duration initialInterval, double jitterFraction, int maxBatchSamples, int maxBatchesPerRound,
    Duration requestTimeout, Duration wakeAtLeastEvery, Duration inventoryEvery) {

  public LoopSettings {
    if (maxBatchSamples < 1 || maxBatchSamples > 1000) {
      throw new IllegalArgumentException("maxBatchSamples " + maxBatchSamples + " is outside 1..1000");
    }
    if (jitterFraction < 0 || jitterFraction >= 1) {
      throw new IllegalArgumentException("jitterFraction " + jitterFraction + " is outside [0, 1)");
    }
  }

  public static LoopSettings defaults() {
    return new LoopSettings(Duration.ofSeconds(30), 0.1, 1000, 20, Duration.ofSeconds(30), Duration.ofSeconds(5),
        Duration.ofHours(1));
  }
}
