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
 * @param droppedSamples cumulative samples the agent's spool reported dropped
 * @param totals cumulative non-up time and failures over the closed part of the timeline
 */
public record DeviceProgress(
    long lastSeq,
    long startMillis,
    long lastSampleMillis,
    long lastBootMillis,
    ShutdownReason pendingShutdown,
    long droppedSamples,
    Totals totals) {

  public static final DeviceProgress NONE = new DeviceProgress(-1, 0, 0, 0, null, 0, Totals.ZERO);

  public boolean hasSamples() {
    return lastSeq >= 0;
  }

  /** Cumulative closed-interval time, milliseconds, and failure count. */
  public record Totals(
      long crashMillis, long shutdownMillis, long asleepMillis, long unknownMillis, long failures) {
    public static final Totals ZERO = new Totals(0, 0, 0, 0, 0);
  }
}
