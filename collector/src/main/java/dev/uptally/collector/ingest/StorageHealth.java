package dev.uptally.collector.ingest;

import dev.uptally.collector.store.StoreException;
import java.time.Clock;
import java.time.Duration;

/**
 * Whether storage is failing, from the outcome of the latest ingest commit (for {@code /readyz}), and the log lines that
 * tell the operator: one WARNING when commits start failing, with the store's message (it names the file), and one
 * INFO when they succeed again, with how long it lasted and how many requests were answered 503. Never a line per
 * request: at most one line per {@code minLogInterval}; a change within it is written, summarised, with the next
 * commit or readiness check after the interval. A full commit queue is overload, not failure, and is not counted.
 *
 * <p>Thread-safe. The success path, taken once per acknowledged batch, is one volatile read while healthy.
 */
final class StorageHealth {

  private static final System.Logger LOG = System.getLogger(StorageHealth.class.getName());

  private final Clock clock;
  private final long minLogIntervalMillis;
  private volatile boolean failing;
  /** What the log last said; differs from {@link #failing} while a line is held back. */
  private volatile boolean loggedFailing;
  private long lastLogMillis = Long.MIN_VALUE;
  private long failingSinceMillis;
  private long refusedSinceLog;
  private int changesHeldBack;
  private String lastFailure;

  StorageHealth(Clock clock, Duration minLogInterval) {
    this.clock = clock;
    this.minLogIntervalMillis = minLogInterval.toMillis();
  }

  /** A commit failed: the request is answered 503. */
  synchronized void failed(StoreException e) {
    refusedSinceLog++;
    lastFailure = e.getMessage();
    if (!failing) {
      failing = true;
      failingSinceMillis = clock.millis();
      changesHeldBack++;
    }
    logIfDue();
  }

  /** A commit succeeded. */
  void succeeded() {
    if (!failing && !loggedFailing) {
      return;
    }
    synchronized (this) {
      if (failing) {
        failing = false;
        changesHeldBack++;
      }
      logIfDue();
    }
  }

  /** True while the latest commit failed. */
  boolean failing() {
    if (failing != loggedFailing) {
      synchronized (this) {
        logIfDue();
      }
    }
    return failing;
  }

  private void logIfDue() {
    long now = clock.millis();
    if (failing == loggedFailing || (lastLogMillis != Long.MIN_VALUE && now - lastLogMillis < minLogIntervalMillis)) {
      return;
    }
    String flapped = changesHeldBack > 1 ? " (" + (changesHeldBack - 1) + " more changes since the last line)" : "";
    if (failing) {
      LOG.log(System.Logger.Level.WARNING, "storage is failing: commits are refused, ingest answers 503 with"
          + " Retry-After and /readyz 503 (agents keep their samples and retry)" + flapped + ": " + lastFailure);
    } else {
      LOG.log(System.Logger.Level.INFO, "storage recovered: commits succeed again after "
          + Duration.ofMillis(Math.max(0, now - failingSinceMillis)).toSeconds() + " s; " + refusedSinceLog
          + " requests were answered 503 meanwhile" + flapped);
    }
    loggedFailing = failing;
    lastLogMillis = now;
    changesHeldBack = 0;
    refusedSinceLog = failing ? refusedSinceLog : 0;
  }
}
