package dev.uptally.collector.incident;

/**
 * Whether a device was up long enough inside one patch-window occurrence {@code [startMillis, endMillis)}.
 *
 * @param upMillis time inside the window not covered by any non-up interval
 * @param cause the dominant non-up cause by duration ({@code shutdown}, {@code asleep}, {@code silent},
 *     {@code crash}, {@code unknown}); null when the device was up throughout
 */
public record PatchWindowVerdict(long startMillis, long endMillis, long upMillis, long minOnlineMillis,
    String cause) {

  public PatchWindowVerdict {
    if (endMillis <= startMillis || upMillis < 0 || upMillis > endMillis - startMillis) {
      throw new IllegalArgumentException("inconsistent verdict: window [" + startMillis + ", " + endMillis
          + "), up " + upMillis);
    }
  }

  public boolean compliant() {
    return upMillis >= minOnlineMillis;
  }
}
