package dev.uptally.cli.sim;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.SampleEvent;
import dev.uptally.common.protocol.ShutdownReason;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One virtual agent's sample stream: what a real agent on the simulated machine would have produced, in seq order,
 * with its device clock (true time plus the device's skew), and the {@link Truth} of what the machine did.
 *
 * <p>Samples sit on a fixed grid {@code anchor + k × interval} of true time (restarts re-join the grid), so a
 * fleet whose anchors are spread over one interval stays spread. The same behaviour, interval, anchor and period
 * always give the same samples, however generation is chunked. Not thread-safe: one thread at a time.
 *
 * <p>With {@link LifecycleOptions} its drive may fail (a crash, then a boot whose inventory lists the new drive) and
 * its service may end ({@link #ending()}): after that it produces nothing more, and {@link VirtualDevice} retires it.
 */
final class DeviceSimulation {

  /**
   * How the machine's service ended.
   *
   * @param atMillis true time it broke down or was shut down for good: the retirement's {@code at}
   * @param handOverMillis true time the operator retires it (and a replacement, if any, boots)
   */
  record Ending(LifecyclePlan.End end, long atMillis, long handOverMillis) {}

  private final DeviceBehaviour device;
  private final long intervalMillis;
  private final long anchorMillis;
  private final EpisodePlanner planner;
  private final HealthModel health;
  private final Truth truth = new Truth();
  private final long skewMillis;
  private int healthEvery = 10;
  private long nextSeq;
  private long bootMillis;
  private long cursorMillis;
  private long nextSampleMillis;
  private SampleEvent pendingEvent = SampleEvent.STARTUP;
  private long sleptFromMillis;
  private long sleptUntilMillis;
  private boolean inventoryDue = true;
  private boolean dead;
  private final long phaseMillis;
  private final long periodEndMillis;
  private Inventory.Drive drive;
  private boolean driveListed;
  private String swappedOutSerial;
  private Ending ending;

  /**
   * @param phaseMillis where in the interval this device's samples fall, in {@code [0, interval)}
   * @param startMillis true time the simulation starts (the agent starts at its first grid point)
   * @param periodEndMillis end of the first planned period; a device that dies does so inside it
   * @param firstSeq seq of the first sample
   */
  DeviceSimulation(DeviceBehaviour device, long intervalMillis, long phaseMillis, long startMillis,
      long periodEndMillis, long firstSeq) {
    this(device, intervalMillis, phaseMillis, startMillis, periodEndMillis, firstSeq, null, false);
  }

  /**
   * @param lifecycle null for hardware that never fails or ends
   * @param freshMachine a new machine (a replacement) boots at {@code startMillis}; otherwise the machine has been up
   *     for a while when the simulation starts
   */
  DeviceSimulation(DeviceBehaviour device, long intervalMillis, long phaseMillis, long startMillis,
      long periodEndMillis, long firstSeq, LifecycleOptions lifecycle, boolean freshMachine) {
    if (intervalMillis <= 0 || phaseMillis < 0 || phaseMillis >= intervalMillis) {
      throw new IllegalArgumentException(device.hostname() + ": interval " + intervalMillis + " ms, phase "
          + phaseMillis + " ms (phase must be in [0, interval))");
    }
    this.device = device;
    this.intervalMillis = intervalMillis;
    this.anchorMillis = startMillis + phaseMillis;
    this.skewMillis = device.clockSkewMillis();
    SplittableRandom root = new SplittableRandom(device.seed());
    SplittableRandom episodes = root.split();
    this.health = new HealthModel(device, root.split(), startMillis);
    Double dies = device.diesAtFraction();
    long death = dies == null ? Long.MAX_VALUE : startMillis + (long) (dies * Math.max(0, periodEndMillis - startMillis));
    this.planner = new EpisodePlanner(device, episodes, death,
        lifecycle == null ? LifecyclePlan.NONE : new LifecyclePlan(device, lifecycle, startMillis));
    this.phaseMillis = phaseMillis;
    this.periodEndMillis = periodEndMillis;
    this.drive = HealthModel.inventoryOf(device).drives().get(0);
    this.nextSeq = firstSeq;
    this.nextSampleMillis = anchorMillis;
    this.cursorMillis = anchorMillis;
    long uptime = uptimeAtStartMillis(root.split());
    this.bootMillis = freshMachine ? startMillis : anchorMillis - uptime;
    truth.start(bootMillis);
  }

  private long uptimeAtStartMillis(SplittableRandom r) {
    return switch (device.deviceClass()) {
      case SERVER -> EpisodePlanner.DAY_MILLIS + r.nextLong(40 * EpisodePlanner.DAY_MILLIS);
      case WORKSTATION, LAPTOP -> EpisodePlanner.HOUR_MILLIS + r.nextLong(3 * EpisodePlanner.DAY_MILLIS);
    };
  }

  DeviceBehaviour device() {
    return device;
  }

  Truth truth() {
    return truth;
  }

  boolean dead() {
    return dead;
  }

  /** How the machine's service ended; null while it serves (or after a death without retirement). */
  Ending ending() {
    return ending;
  }

  long intervalMillis() {
    return intervalMillis;
  }

  long phaseMillis() {
    return phaseMillis;
  }

  long periodEndMillis() {
    return periodEndMillis;
  }

  /** What the machine's agent would report now: its inventory with the drive fitted now. */
  Inventory inventory() {
    return HealthModel.inventoryOf(device, drive);
  }

  /** True time of the next sample if nothing intervenes. */
  long nextSampleMillis() {
    return nextSampleMillis;
  }

  /** Health on every n-th sample by seq (and on every event); 1 = always. History saves bytes with 10. */
  void healthEvery(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("healthEvery must be at least 1: " + n);
    }
    healthEvery = n;
  }

  /** The samples a real agent would have produced up to true time {@code limitMillis} inclusive, at most {@code max}. */
  List<Sample> until(long limitMillis, int max) {
    List<Sample> out = new ArrayList<>(Math.min(max, 1024));
    while (out.size() < max && !dead && nextSampleMillis <= limitMillis) {
      EpisodePlanner.Episode e = planner.next(cursorMillis);
      if (e.atMillis() <= nextSampleMillis) {
        apply(e, out);
      } else {
        out.add(sample(nextSampleMillis));
        nextSampleMillis += intervalMillis;
      }
    }
    return out;
  }

  private void apply(EpisodePlanner.Episode e, List<Sample> out) {
    long at = e.atMillis();
    switch (e.kind()) {
      case CRASH -> {
        long boot = at + planner.crashDowntimeMillis();
        truth.record(TruthKind.CRASH_DOWN, at, boot);
        newBoot(boot);
      }
      case NIGHTLY_OFF -> {
        long morning = planner.morningAfter(at);
        if (planner.sleeps()) {
          out.add(Sample.suspend(nextSeq++, at + skewMillis, bootMillis + skewMillis, null));
          sleep(at, morning);
        } else {
          out.add(shutdownSample(at, ShutdownReason.OS));
          truth.record(TruthKind.SHUTDOWN_DOWN, at, morning);
          newBoot(morning);
        }
      }
      case MAINTENANCE_REBOOT -> {
        long boot = at + planner.rebootMillis();
        out.add(shutdownSample(at, ShutdownReason.OS));
        truth.record(TruthKind.SHUTDOWN_DOWN, at, boot);
        newBoot(boot);
      }
      case AGENT_GAP -> {
        long back = at + planner.agentGapMillis();
        out.add(shutdownSample(at, ShutdownReason.AGENT));
        truth.record(TruthKind.AGENT_GAP, at, back);
        restartAt(back, SampleEvent.STARTUP);
      }
      case DEATH -> {
        truth.recordOpen(TruthKind.SILENT, at);
        dead = true;
      }
      case DRIVE_FAILURE -> {
        // the system drive dies under the running OS: a crash, down until the technician has fitted a new one
        LifecyclePlan plan = planner.lifecycle();
        plan.driveFailed(at);
        long boot = at + plan.repairMillis();
        truth.record(TruthKind.CRASH_DOWN, at, boot);
        swappedOutSerial = swappedOutSerial != null ? swappedOutSerial : drive.serial();
        drive = plan.replacementFor(drive);
        inventoryDue = true;
        newBoot(boot);
      }
      case BREAKDOWN -> {
        truth.recordOpen(TruthKind.SILENT, at);
        dead = true;
        ending = new Ending(LifecyclePlan.End.BREAKDOWN, at, at + planner.lifecycle().replacementDelayMillis());
      }
      case DECOMMISSION -> {
        out.add(shutdownSample(at, ShutdownReason.OS));
        truth.recordOpen(TruthKind.SHUTDOWN_DOWN, at);
        dead = true;
        ending = new Ending(LifecyclePlan.End.DECOMMISSION, at, at);
      }
    }
  }

  private void newBoot(long bootAtMillis) {
    bootMillis = bootAtMillis;
    restartAt(bootAtMillis + planner.delayMillis(20_000, 90_000), SampleEvent.STARTUP);
  }

  /** After the suspend sample the OS announced: asleep until the morning, then a resume with the exact times. */
  private void sleep(long fromMillis, long untilMillis) {
    truth.record(TruthKind.ASLEEP, fromMillis, untilMillis);
    sleptFromMillis = fromMillis;
    sleptUntilMillis = untilMillis;
    restartAt(untilMillis + planner.delayMillis(1_000, 10_000), SampleEvent.RESUME);
  }

  /**
   * The agent reports again from the first grid point at or after {@code agentBackMillis}. The next disruption is
   * drawn after that point, so the event sample (startup, resume) that tells the collector what happened is always
   * sent before anything else can happen.
   */
  private void restartAt(long agentBackMillis, SampleEvent event) {
    long k = Math.floorDiv(agentBackMillis - anchorMillis + intervalMillis - 1, intervalMillis);
    nextSampleMillis = anchorMillis + k * intervalMillis;
    cursorMillis = nextSampleMillis;
    pendingEvent = event;
  }

  /** The truth of the drives: the first inventory lists the original drive, a later one the replacement. */
  private void listed(long atMillis) {
    if (!driveListed) {
      truth.driveListed(drive.model(), drive.serial(), drive.sizeBytes(), atMillis);
      driveListed = true;
    } else if (swappedOutSerial != null) {
      truth.driveSwapped(swappedOutSerial, atMillis, drive.model(), drive.serial(), drive.sizeBytes());
    }
    swappedOutSerial = null;
  }

  private Sample shutdownSample(long atMillis, ShutdownReason reason) {
    return Sample.shutdown(nextSeq++, atMillis + skewMillis, bootMillis + skewMillis, reason);
  }

  private Sample sample(long atMillis) {
    long seq = nextSeq++;
    SampleEvent event = pendingEvent;
    pendingEvent = null;
    Health h = event != null || seq % healthEvery == 0 ? health.at(atMillis) : null;
    long time = atMillis + skewMillis;
    long boot = bootMillis + skewMillis;
    if (event == SampleEvent.STARTUP) {
      Inventory inv = inventoryDue ? inventory() : null;
      if (inv != null) {
        listed(atMillis);
      }
      inventoryDue = false;
      return Sample.startup(seq, time, boot, h, inv);
    }
    if (event == SampleEvent.RESUME) {
      return Sample.resume(seq, time, boot, sleptFromMillis + skewMillis, sleptUntilMillis + skewMillis, h);
    }
    return Sample.heartbeat(seq, time, boot, h);
  }
}
