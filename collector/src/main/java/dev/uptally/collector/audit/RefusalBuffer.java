package dev.uptally.collector.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The refusals of the current minute, bounded by {@link RefusalLimits}: the rows still to write, and per address how
 * many there were. When a later minute begins (a refusal or a {@link #drain} at a later time), the ended minute's
 * excess becomes summarising rows. Memory is bounded by the limits: at most {@code addressesPerMinute} counters and
 * {@code rowsPerMinute} + summaries waiting rows a minute (rows the store could not take are kept up to twice that).
 * Thread-safe (every method holds the buffer's lock; each is a few map operations).
 */
final class RefusalBuffer {

  static final long MINUTE_MILLIS = 60_000;

  private final RefusalLimits limits;
  private final Map<String, Integer> perAddress = new HashMap<>();
  private final List<AuditEntry> pending = new ArrayList<>();
  private long minute = Long.MIN_VALUE;
  private int rowsThisMinute;
  /** Refusals of the minute not written because an address or the whole minute was over its limit. */
  private long suppressedTotal;
  /** Refusals of addresses beyond {@code addressesPerMinute} (not counted one by one). */
  private long untracked;
  private long suppressedEver;

  RefusalBuffer(RefusalLimits limits) {
    this.limits = limits;
  }

  /** Takes one refusal; @return whether it gets its own row (else it is counted into a summary) */
  synchronized boolean add(AuditEntry refusal) {
    roll(refusal.atMillis());
    String address = refusal.address() == null ? "unknown address" : refusal.address();
    Integer seen = perAddress.get(address);
    if (seen == null && perAddress.size() >= limits.addressesPerMinute()) {
      untracked++;
      suppressedEver++;
      return false;
    }
    int count = seen == null ? 1 : seen + 1;
    perAddress.put(address, count);
    if (count > limits.perAddressPerMinute() || rowsThisMinute >= limits.rowsPerMinute()
        || pending.size() >= 2 * maxRowsPerMinute()) {
      suppressedTotal++;
      suppressedEver++;
      return false;
    }
    rowsThisMinute++;
    pending.add(refusal);
    return true;
  }

  /** The rows to write now, with the summaries of a minute that ended by {@code nowMillis}; the buffer forgets them. */
  synchronized List<AuditEntry> drain(long nowMillis) {
    roll(nowMillis);
    List<AuditEntry> out = new ArrayList<>(pending);
    pending.clear();
    return out;
  }

  /** Rows a failed write could not store, put back before newer ones as far as the bound allows. */
  synchronized void putBack(List<AuditEntry> rows) {
    int room = Math.max(0, 2 * maxRowsPerMinute() - pending.size());
    List<AuditEntry> kept = new ArrayList<>(rows.subList(0, Math.min(room, rows.size())));
    suppressedEver += rows.size() - kept.size();
    kept.addAll(pending);
    pending.clear();
    pending.addAll(kept);
  }

  /** Every refusal this buffer did not give a row of its own (a counter for metrics). */
  synchronized long suppressedEver() {
    return suppressedEver;
  }

  /** Everything of the current minute too, as summaries (an orderly shutdown): the minute is closed early. */
  synchronized List<AuditEntry> drainAll(long nowMillis) {
    roll(nowMillis);
    if (minute != Long.MIN_VALUE) {
      summarise(nowMillis);
    }
    return drain(nowMillis);
  }

  private int maxRowsPerMinute() {
    return limits.rowsPerMinute() + limits.addressesPerMinute() + 1;
  }

  private void roll(long atMillis) {
    long m = Math.floorDiv(atMillis, MINUTE_MILLIS);
    if (m <= minute) {
      return; // a refusal stamped a little before the newest (another thread) counts in the current minute
    }
    if (minute != Long.MIN_VALUE) {
      summarise((minute + 1) * MINUTE_MILLIS - 1);
    }
    minute = m;
  }

  /** The summaries of the current minute's excess, stamped {@code atMillis}; the minute's counters are reset. */
  private void summarise(long atMillis) {
    if (suppressedTotal > 0) {
      String window = " in the minute from " + Instant.ofEpochMilli(minute * MINUTE_MILLIS);
      perAddress.forEach((address, count) -> {
        int over = count - Math.min(count, limits.perAddressPerMinute());
        if (over > 0) {
          pending.add(AuditEntry.of(atMillis, null, address, AuditAction.REFUSALS_SUMMARISED, address,
              String.format(Locale.ROOT, "and %,d more from %s%s", over, address, window)));
        }
      });
      long rowsCapped = suppressedTotal - perAddress.values().stream()
          .mapToLong(c -> c - Math.min(c, limits.perAddressPerMinute())).sum();
      if (rowsCapped > 0) {
        pending.add(AuditEntry.of(atMillis, null, null, AuditAction.REFUSALS_SUMMARISED, null, String.format(
            Locale.ROOT, "and %,d more within the per-address limit, beyond %,d rows a minute%s", rowsCapped,
            limits.rowsPerMinute(), window)));
      }
    }
    if (untracked > 0) {
      pending.add(AuditEntry.of(atMillis, null, null, AuditAction.REFUSALS_SUMMARISED, null, String.format(Locale.ROOT,
          "and %,d more from addresses beyond the first %,d of the minute from %s", untracked,
          limits.addressesPerMinute(), Instant.ofEpochMilli(minute * MINUTE_MILLIS))));
    }
    perAddress.clear();
    rowsThisMinute = 0;
    suppressedTotal = 0;
    untracked = 0;
  }
}
