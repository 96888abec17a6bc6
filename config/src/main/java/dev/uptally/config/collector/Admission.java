package dev.uptally.config.collector;

/**
 * {@code server.admission}: how the collector sheds a restart storm. Batches admitted and not yet durable are
 * "pending"; at {@code highWatermark} of them, replay batches (a sample older than grace, i.e. spool replay) are
 * answered {@code 503} with a jittered {@code Retry-After} until the pending count falls to {@code lowWatermark}
 * (hysteresis). Live batches (every sample fresh) are still admitted, so a device that already drained its spool does
 * not look down. A {@code highWatermark} of 0 turns admission off.
 *
 * @param highWatermark pending batches at which replay batches are refused (default 2000)
 * @param lowWatermark pending batches at which they are admitted again (default 1000; below {@code highWatermark})
 * @param retryAfterSeconds the shortest Retry-After, at the high watermark; it grows with how full the queue is
 * @param retryJitterSeconds up to this many seconds are added at random, so refused agents do not return together
 */
public record Admission(int highWatermark, int lowWatermark, int retryAfterSeconds, int retryJitterSeconds) {

  public static final Admission DEFAULTS = new Admission(2000, 1000, 2, 10);
  /** The group committer's own bound (updates queued), beyond which even live batches fail fast with 503. */
  public static final int MAX_HIGH_WATERMARK = 50_000;

  public Admission {
    if (highWatermark < 0 || highWatermark > MAX_HIGH_WATERMARK) {
      throw new IllegalArgumentException("highWatermark must be 0..." + MAX_HIGH_WATERMARK + ": " + highWatermark);
    }
    if (highWatermark > 0 && (lowWatermark < 0 || lowWatermark >= highWatermark)) {
      throw new IllegalArgumentException("lowWatermark must be 0.." + (highWatermark - 1) + ": " + lowWatermark);
    }
    if (retryAfterSeconds < 1 || retryJitterSeconds < 0) {
      throw new IllegalArgumentException("retryAfterSeconds must be at least 1 and retryJitterSeconds not negative: "
          + retryAfterSeconds + ", " + retryJitterSeconds);
    }
  }

  public boolean enabled() {
    return highWatermark > 0;
  }
}
