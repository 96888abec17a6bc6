package dev.uptally.agent.heartbeat;

import dev.uptally.agent.clock.AgentClock;
import dev.uptally.agent.events.SleepGap;
import dev.uptally.agent.hardware.HardwareReader;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.ShutdownReason;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds the samples of one agent run. The boot time is read once (it cannot change while the agent
 * runs, and re-deriving it from uptime would jitter). The inventory is re-read at most every
 * {@code inventoryEvery} and attached only when it changed. A health or inventory reading that fails
 * (a sensor, OSHI) leaves that part out rather than the sample unrecorded: the device is up, and
 * saying so is the heartbeat's job. Not thread-safe.
 */
final class SampleFactory {

  private static final System.Logger LOG = System.getLogger(SampleFactory.class.getName());

  private final HardwareReader hardware;
  private final InventoryTracker tracker;
  private final AgentClock clock;
  private final long inventoryEveryNanos;
  private final long bootTimeMillis;
  private long nextInventoryCheckNanos;
  private String lastHealthError;

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
    return Sample.startup(seq, clock.millis(), bootTimeMillis, health(), changed);
  }

  Sample heartbeat(long seq) {
    Inventory changed = inventoryIfChanged(false);
    Sample s = Sample.heartbeat(seq, clock.millis(), bootTimeMillis, health());
    return changed == null ? s : new Sample(s.seq(), s.time(), s.bootTime(), null, null, null, null, s.health(), changed);
  }

  Sample resume(long seq, SleepGap gap) {
    return Sample.resume(seq, clock.millis(), bootTimeMillis, gap.sleptFromMillis(), gap.sleptUntilMillis(),
        health());
  }

  Sample suspend(long seq) {
    return Sample.suspend(seq, clock.millis(), bootTimeMillis, health());
  }

  Sample shutdown(long seq, ShutdownReason reason) {
    return Sample.shutdown(seq, clock.millis(), bootTimeMillis, reason);
  }

  /** The health now, or null when it cannot be read (logged once per distinct failure). */
  private Health health() {
    try {
      Health h = hardware.health();
      lastHealthError = null;
      return h;
    } catch (RuntimeException e) {
      if (!Objects.equals(lastHealthError, e.toString())) {
        LOG.log(Level.WARNING, "cannot read the hardware health; sending heartbeats without it", e);
      }
      lastHealthError = e.toString();
      return null;
    }
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
    Inventory current;
    try {
      current = hardware.inventory();
    } catch (RuntimeException e) {
      // the sample matters more than the inventory: it goes out without one, the next check tries again
      LOG.log(Level.WARNING, "cannot read the inventory; checking again in " + Duration.ofNanos(inventoryEveryNanos), e);
      return null;
    }
    return tracker.changed(current).orElse(null);
  }
}
