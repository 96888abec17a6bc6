package dev.uptally.collector.fleet;

import dev.uptally.common.protocol.ShutdownReason;

/**
 * What the state engine needs to continue a device's timeline after a restart; persisted with
 * every applied batch. A device with {@code lastSeq < 0} has sent no sample yet.
 *
 * @param startMillis where the timeline begins (first sample, or its boot for a startup event)
 * @param lastSampleMillis time of the newest applied sample (skew-corrected)
 * @param lastBootMillis boot time of the newest applied sample
 * @param pendingShutdown reason of an orderly shutdown seen as the newest event, else null
 * @param suspended the newest event is {@code suspend}: the OS announced that it was going to sleep, so the
 *     device is {@code asleep}, not silent, until it is heard again
 * @param droppedSamples cumulative samples the agent's spool reported dropped
 * @param totals cumulative non-up time and failures over the closed part of the timeline
 * @param retirement null while the device is in service; else its timeline ends at {@link #serviceEndMillis()}
 */
public record DeviceProgress(
    long lastSeq,
    long startMillis,
    long lastSampleMillis,
    long lastBootMillis,
    ShutdownReason pendingShutdown,
    boolean suspended,
    long droppedSamples,
    Totals totals,
    Retirement retirement) {

  public static final DeviceProgress NONE = new DeviceProgress(-1, 0, 0, 0, null, false, 0, Totals.ZERO, null);

  /** Progress of a device in service. */
  public DeviceProgress(long lastSeq, long startMillis, long lastSampleMillis, long lastBootMillis,
      ShutdownReason pendingShutdown, boolean suspended, long droppedSamples, Totals totals) {
    this(lastSeq, startMillis, lastSampleMillis, lastBootMillis, pendingShutdown, suspended, droppedSamples, totals,
        null);
  }

  /** Progress whose newest event is not {@code suspend}. */
  public DeviceProgress(long lastSeq, long startMillis, long lastSampleMillis, long lastBootMillis,
      ShutdownReason pendingShutdown, long droppedSamples, Totals totals) {
    this(lastSeq, startMillis, lastSampleMillis, lastBootMillis, pendingShutdown, false, droppedSamples, totals, null);
  }

  public DeviceProgress withDroppedSamples(long dropped) {
    return new DeviceProgress(lastSeq, startMillis, lastSampleMillis, lastBootMillis, pendingShutdown, suspended,
        dropped, totals, retirement);
  }

  /** The same progress retired, or back in service with {@code null}. */
  public DeviceProgress withRetirement(Retirement r) {
    return new DeviceProgress(lastSeq, startMillis, lastSampleMillis, lastBootMillis, pendingShutdown, suspended,
        droppedSamples, totals, r);
  }

  public boolean retired() {
    return retirement != null;
  }

  /**
   * Where the device's timeline ends: the retirement, or its last sample if that came first ({@link Retirement});
   * {@link Long#MAX_VALUE} while in service.
   */
  public long serviceEndMillis() {
    return retirement == null ? Long.MAX_VALUE : Math.min(retirement.atMillis(), lastSampleMillis);
  }

  public boolean hasSamples() {
    return lastSeq >= 0;
  }

  /** Cumulative closed-interval time, milliseconds, and failure count. */
  public record Totals(
      long crashMillis, long shutdownMillis, long asleepMillis, long unknownMillis, long failures) {
    public static final Totals ZERO = new Totals(0, 0, 0, 0, 0);
  }
}
