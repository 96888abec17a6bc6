package dev.uptally.agent.heartbeat;

import dev.uptally.agent.clock.AgentClock;
import dev.uptally.agent.events.SleepGap;
import dev.uptally.agent.hardware.HardwareReader;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.ShutdownReason;
import java.time.Duration;

/**
 * Builds the samples of one agent run. The boot time is read once (it cannot change while the agent
 * runs, and re-deriving it from uptime would jitter). The inventory is re-read at most every
 * {@code inventoryEvery} and attached only when it changed. Not thread-safe.
 */
final class SampleFactory {

  private final HardwareReader hardware;
  private final InventoryTracker tracker;
  private final AgentClock clock;
  private final long inventoryEveryNanos;
  private final long bootTimeMillis;
  private long nextInventoryCheckNanos;

  SampleFactory(HardwareReader hardware, InventoryTracker tracker, AgentClock clock, Duration inventoryEvery) {
    this.hardware = hardware;
    this.tracker = tracker;
    this.clock = clock;
    this.inventoryEveryNanos = inventoryEvery.toNanos();
    this.bootTimeMillis = hardware.bootTimeMillis();
    this.nextInventoryCheckNanos = clock.nanoTime();
  }

  long bootTimeMillis() {
    return bootTimeMillis;
  }

  Sample startup(long seq) {
    Inventory changed = inventoryIfChanged(true);
    return Sample.startup(seq, clock.millis(), bootTimeMillis, hardware.health(), changed);
  }

  Sample heartbeat(long seq) {
    Inventory changed = inventoryIfChanged(false);
    Sample s = Sample.heartbeat(seq, clock.millis(), bootTimeMillis, hardware.health());
    return changed == null ? s : new Sample(s.seq(), s.time(), s.bootTime(), null, null, null, null, s.health(), changed);
  }

  Sample resume(long seq, SleepGap gap) {
    return Sample.resume(seq, clock.millis(), bootTimeMillis, gap.sleptFromMillis(), gap.sleptUntilMillis(),
        hardware.health());
  }

  Sample shutdown(long seq, ShutdownReason reason) {
    return Sample.shutdown(seq, clock.millis(), bootTimeMillis, reason);
  }

  /** Call after a sample carrying an inventory was spooled. */
  void spooled(Sample sample) {
    if (sample.inventory() != null) {
      tracker.reported(sample.inventory());
    }
  }

  private Inventory inventoryIfChanged(boolean force) {
    long now = clock.nanoTime();
    if (!force && now - nextInventoryCheckNanos < 0) {
      return null;
    }
    nextInventoryCheckNanos = now + inventoryEveryNanos;
    return tracker.changed(hardware.inventory()).orElse(null);
  }
}
