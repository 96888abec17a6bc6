package dev.uptally.collector.fleet;

import dev.uptally.common.device.OutageCause;

/**
 * A device's state now with what explains it: the cause of a {@code down} (crash, shutdown or silent) and since when
 * the device has not been up, so a NOC engineer can tell an orderly evening shutdown from a server that went quiet.
 *
 * @param cause null unless the state is {@link LiveState#DOWN}
 * @param sinceMillis start of the current non-up state (the last sample before it), or {@code -1} when up or never
 *     heard from
 */
public record LiveStatus(LiveState state, OutageCause cause, long sinceMillis) {

  static final LiveStatus UP = new LiveStatus(LiveState.UP, null, -1);
  static final LiveStatus NEVER_HEARD = new LiveStatus(LiveState.UNKNOWN, null, -1);

  public boolean hasSince() {
    return sinceMillis >= 0;
  }
}
