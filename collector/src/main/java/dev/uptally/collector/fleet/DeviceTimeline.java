package dev.uptally.collector.fleet;

import dev.uptally.common.device.OutageCause;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.SampleEvent;
import dev.uptally.common.protocol.ShutdownReason;
import java.util.List;

/**
 * The timeline rules of the design as a pure function: given where a device's timeline stands and
 * its next sample, say which non-up interval (if any) the sample closes and where the timeline stands
 * after it. Up time is implicit (everything between the start and the newest sample that no interval
 * covers). Stateless and thread-safe; the caller guarantees samples arrive in seq order, skew-corrected.
 *
 * <p>Rules, for the gap between the previous sample and this one:
 * <ul>
 *   <li>a later boot time (by more than {@link #NEW_BOOT_TOLERANCE_MILLIS}) → {@code down} from the previous
 *       sample to the new boot: {@code shutdown} after an orderly shutdown event or a {@code suspend} (the machine
 *       slept and was powered off), else {@code crash};</li>
 *   <li>same boot and a {@code resume} event → {@code asleep} over {@code [sleptFrom, sleptUntil]};</li>
 *   <li>same boot after a {@code suspend}, gap longer than grace, no {@code resume} → {@code asleep} over the gap (the
 *       OS announced the sleep; the agent missed the wake-up);</li>
 *   <li>same boot, gap longer than grace → {@code unknown} (the agent was not running, or samples were dropped);</li>
 *   <li>otherwise up. A replayed sample (arriving late) is up: lateness is the reachability track's business.</li>
 * </ul>
 */
public final class DeviceTimeline {

  /**
   * Boot times read from the OS jitter by a second or two between reads; a reboot moves the boot time by at least
   * the previous boot's whole uptime. 30 s separates the two safely.
   */
  public static final long NEW_BOOT_TOLERANCE_MILLIS = 30_000;

  private final long graceMillis;

  /** @param graceMillis longest gap between samples of one boot that still counts as up */
  public DeviceTimeline(long graceMillis) {
    if (graceMillis <= 0) {
      throw new IllegalArgumentException("grace must be positive: " + graceMillis);
    }
    this.graceMillis = graceMillis;
  }

  public long graceMillis() {
    return graceMillis;
  }

  /**
   * Applies one sample with {@code seq > prev.lastSeq()}.
   *
   * @param closed receives the interval the sample closes, if any
   * @param planned tells whether a crash starting at a time is planned (inside maintenance): planned crashes
   *     are not counted as failures in the running totals
   */
  public DeviceProgress apply(DeviceProgress prev, Sample s, List<TimelineInterval> closed, PlannedCheck planned) {
    long time = s.time();
    long boot = s.bootTime();
    ShutdownReason pending = s.event() == SampleEvent.SHUTDOWN ? s.reason() : null;
    boolean suspended = s.event() == SampleEvent.SUSPEND;
    if (!prev.hasSamples()) {
      long start = s.event() == SampleEvent.STARTUP ? Math.min(boot, time) : time;
      return new DeviceProgress(s.seq(), start, time, boot, pending, suspended, prev.droppedSamples(), prev.totals(),
          prev.retirement());
    }
    long from = prev.lastSampleMillis();
    long to = Math.max(time, from); // a device clock that stepped back never makes time run backwards here
    TimelineInterval gap = classifyGap(prev, s, from, to);
    DeviceProgress.Totals totals = prev.totals();
    if (gap != null && gap.durationMillis() > 0) {
      closed.add(gap);
      totals = add(totals, gap, planned);
    }
    return new DeviceProgress(s.seq(), prev.startMillis(), to, boot, pending, suspended, prev.droppedSamples(), totals,
        prev.retirement());
  }

  private TimelineInterval classifyGap(DeviceProgress prev, Sample s, long from, long to) {
    if (s.bootTime() - prev.lastBootMillis() > NEW_BOOT_TOLERANCE_MILLIS) {
      long boot = clamp(s.bootTime(), from, to);
      OutageCause cause = prev.pendingShutdown() != null || prev.suspended() ? OutageCause.SHUTDOWN : OutageCause.CRASH;
      return new TimelineInterval(from, boot, TimelineState.DOWN, cause);
    }
    if (s.event() == SampleEvent.RESUME && s.sleptFrom() != null && s.sleptUntil() != null) {
      long a = clamp(s.sleptFrom(), from, to);
      long b = clamp(s.sleptUntil(), a, to);
      return new TimelineInterval(a, b, TimelineState.ASLEEP, null);
    }
    if (to - from > graceMillis) {
      return new TimelineInterval(from, to, prev.suspended() ? TimelineState.ASLEEP : TimelineState.UNKNOWN, null);
    }
    return null;
  }

  /**
   * The still-open end of a timeline at {@code nowMillis}: after an orderly OS shutdown the device is down
   * (shutdown) at once; after a {@code suspend} it is asleep at once; after the agent alone stopped it is unknown at
   * once; otherwise it is down (silent) once nothing was heard for longer than grace. Null while the device is up,
   * and for a retired device (its timeline has ended).
   */
  public TimelineInterval openTail(DeviceProgress p, long nowMillis) {
    if (!p.hasSamples() || nowMillis <= p.lastSampleMillis() || p.retired()) {
      return null;
    }
    long from = p.lastSampleMillis();
    if (p.pendingShutdown() == ShutdownReason.OS) {
      return new TimelineInterval(from, nowMillis, TimelineState.DOWN, OutageCause.SHUTDOWN);
    }
    if (p.pendingShutdown() == ShutdownReason.AGENT) {
      return new TimelineInterval(from, nowMillis, TimelineState.UNKNOWN, null);
    }
    if (p.suspended()) {
      return new TimelineInterval(from, nowMillis, TimelineState.ASLEEP, null);
    }
    if (nowMillis - from > graceMillis) {
      return new TimelineInterval(from, nowMillis, TimelineState.DOWN, OutageCause.SILENT);
    }
    return null;
  }

  /** When the device goes silent if nothing more is heard; {@link Long#MAX_VALUE} when it cannot. */
  public long silenceDeadline(DeviceProgress p) {
    if (!p.hasSamples() || p.pendingShutdown() != null || p.suspended() || p.retired()) {
      return Long.MAX_VALUE;
    }
    return p.lastSampleMillis() + graceMillis;
  }

  private static DeviceProgress.Totals add(DeviceProgress.Totals t, TimelineInterval i, PlannedCheck planned) {
    long d = i.durationMillis();
    return switch (i.state()) {
      case DOWN -> i.cause() == OutageCause.CRASH
          ? new DeviceProgress.Totals(t.crashMillis() + d, t.shutdownMillis(), t.asleepMillis(), t.unknownMillis(),
              t.failures() + (planned.planned(i.startMillis()) ? 0 : 1))
          : new DeviceProgress.Totals(t.crashMillis(), t.shutdownMillis() + d, t.asleepMillis(), t.unknownMillis(),
              t.failures());
      case ASLEEP -> new DeviceProgress.Totals(t.crashMillis(), t.shutdownMillis(), t.asleepMillis() + d,
          t.unknownMillis(), t.failures());
      case UNKNOWN -> new DeviceProgress.Totals(t.crashMillis(), t.shutdownMillis(), t.asleepMillis(),
          t.unknownMillis() + d, t.failures());
      case UP -> t;
    };
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** Whether an outage starting at a time falls inside a maintenance window of the device. */
  @FunctionalInterface
  public interface PlannedCheck {
    PlannedCheck NEVER = startMillis -> false;

    boolean planned(long startMillis);
  }
}
