package dev.uptally.agent.spool;

import java.time.Duration;

/**
 * Bounds of the spool.
 *
 * @param maxBytes total size of all segment files; above it the oldest plain heartbeats are dropped
 * @param maxAge plain heartbeats older than this (by sample time) are dropped; events are kept
 * @param segmentBytes a segment is rolled once it reaches this size; trimming and dropping work on
 *     whole segments, so this is also the granularity of a drop
 */
public record SpoolLimits(long maxBytes, Duration maxAge, long segmentBytes) {

  public static final long DEFAULT_MAX_BYTES = 64L << 20;
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(35);

  public SpoolLimits {
    if (maxBytes < 16 * 1024) {
      throw new IllegalArgumentException("spool.maxBytes is " + maxBytes + ", below the minimum of 16 KiB");
    }
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("spool.maxAge is " + maxAge + ", expected a positive duration");
    }
    if (segmentBytes < 1024 || segmentBytes > maxBytes) {
      throw new IllegalArgumentException("spool segment size " + segmentBytes + " must be in [1 KiB, maxBytes=" + maxBytes + "]");
    }
  }

  /** Segments of 1/16 of the spool, between 4 KiB and 1 MiB. */
  public static SpoolLimits of(long maxBytes, Duration maxAge) {
    long segment = Math.max(4096, Math.min(1L << 20, maxBytes / 16));
    return new SpoolLimits(maxBytes, maxAge, Math.min(segment, maxBytes));
  }
}
