package dev.uptally.collector.lifecycle;

import java.util.Locale;

/**
 * A change of a device's hardware read from two consecutive inventories (the design's lifecycle section).
 *
 * @param id stable: derived from the device, the time and the parts, so the same change has the same id however often
 *     it is derived
 * @param removed the part gone, null for {@link Kind#DRIVE_ADDED}
 * @param added the part new, null for {@link Kind#DRIVE_REMOVED}
 * @param failure whether the part failed: by default true for a replaced drive or board, unless corrected
 * @param note the correction's note, null when not corrected
 */
public record HardwareChange(String id, String deviceId, long atMillis, Kind kind, Part removed, Part added,
    boolean failure, String note) {

  /** What changed. */
  public enum Kind {
    DRIVE_REPLACED,
    DRIVE_REMOVED,
    DRIVE_ADDED,
    BOARD_REPLACED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    boolean failureByDefault() {
      return this == DRIVE_REPLACED || this == BOARD_REPLACED;
    }
  }

  HardwareChange corrected(Correction c) {
    return c == null ? this : new HardwareChange(id, deviceId, atMillis, kind, removed, added, c.failure(), c.note());
  }
}
