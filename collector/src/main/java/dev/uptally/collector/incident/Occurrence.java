package dev.uptally.collector.incident;

/**
 * One occurrence of an obligation for one device, {@code [startMillis, endMillis)}: a patch window (the customer's
 * side) or a calendar month of the client's zone judged against the availability target (the MSP's side).
 *
 * @param type the violation type a miss becomes: {@value Occurrences#PATCH_WINDOW} or {@value Occurrences#MONTH}
 * @param minOnlineMillis patch windows: the strictest minOnline among the rules listing this occurrence; months: 0
 */
record Occurrence(String type, long startMillis, long endMillis, long minOnlineMillis) {

  Occurrence {
    if (endMillis <= startMillis) {
      throw new IllegalArgumentException(type + " occurrence ends before it starts: [" + startMillis + ", "
          + endMillis + ")");
    }
  }

  boolean isPatchWindow() {
    return Occurrences.PATCH_WINDOW.equals(type);
  }
}
