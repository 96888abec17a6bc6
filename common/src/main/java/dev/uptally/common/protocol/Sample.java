package dev.uptally.common.protocol;

/**
 * One heartbeat. {@code seq} increases by one per sample for the life of a device id.
 *
 * @param time device clock when sampled, epoch millis
 * @param bootTime device boot time, epoch millis
 * @param event null for a plain heartbeat
 * @param reason for {@link SampleEvent#SHUTDOWN} only
 * @param sleptFrom for {@link SampleEvent#RESUME} only, epoch millis
 * @param sleptUntil for {@link SampleEvent#RESUME} only, epoch millis
 * @param inventory only at enrollment and when it changes, else null
 */
public record Sample(
    Long seq,
    Long time,
    Long bootTime,
    SampleEvent event,
    ShutdownReason reason,
    Long sleptFrom,
    Long sleptUntil,
    Health health,
    Inventory inventory) {

  public static Sample heartbeat(long seq, long time, long bootTime, Health health) {
    return new Sample(seq, time, bootTime, null, null, null, null, health, null);
  }

  public static Sample startup(long seq, long time, long bootTime, Health health, Inventory inventory) {
    return new Sample(seq, time, bootTime, SampleEvent.STARTUP, null, null, null, health, inventory);
  }

  public static Sample shutdown(long seq, long time, long bootTime, ShutdownReason reason) {
    return new Sample(seq, time, bootTime, SampleEvent.SHUTDOWN, reason, null, null, null, null);
  }

  /** The OS announced that it is about to sleep; the device is {@code asleep} from {@code time} on. */
  public static Sample suspend(long seq, long time, long bootTime, Health health) {
    return new Sample(seq, time, bootTime, SampleEvent.SUSPEND, null, null, null, health, null);
  }

  public static Sample resume(long seq, long time, long bootTime, long sleptFrom, long sleptUntil, Health health) {
    return new Sample(seq, time, bootTime, SampleEvent.RESUME, null, sleptFrom, sleptUntil, health, null);
  }

  /** The same sample with every device-clock time shifted by {@code deltaMillis} (skew correction). */
  public Sample shifted(long deltaMillis) {
    if (deltaMillis == 0) {
      return this;
    }
    return new Sample(seq, plus(time, deltaMillis), plus(bootTime, deltaMillis), event, reason,
        plus(sleptFrom, deltaMillis), plus(sleptUntil, deltaMillis), health, inventory);
  }

  private static Long plus(Long value, long delta) {
    return value == null ? null : value + delta;
  }
}
