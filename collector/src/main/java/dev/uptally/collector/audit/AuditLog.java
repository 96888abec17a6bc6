package dev.uptally.collector.audit;

import dev.uptally.collector.concurrent.Executors2;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The audit log's own writes and its reads. Refused requests ({@link #refused}) are taken on the caller's thread (an
 * event loop) without I/O: bounded by {@link RefusalLimits} and written by the log's thread once a second, in one
 * transaction, so that a token-guessing flood can neither fill the disk nor hold up ingest. An action that writes
 * nothing else of its own (a release, kept in memory) is appended at once ({@link #append}), before it is answered.
 * Rows older than the retention are deleted at start and once a day. Times come from the injected clock.
 *
 * <p>Lifecycle: construct, {@link #start()}, {@link #close()} (which writes what is waiting). Thread-safe.
 */
public final class AuditLog implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());
  static final long FLUSH_MILLIS = 1_000;
  static final long PRUNE_MILLIS = Duration.ofDays(1).toMillis();

  private final AuditStore store;
  private final Clock clock;
  private final Duration retention;
  private final RefusalBuffer refusals;
  private final Map<AuditAction, Counter> written = new EnumMap<>(AuditAction.class);
  private final ScheduledExecutorService thread;

  /**
   * @param retention how long rows are kept
   * @param registry where {@code uptally_audit_entries_total{action}} (rows this log wrote: refusals, summaries,
   *     releases) and {@code uptally_audit_refusals_unwritten_total} (refusals only counted in a summary) go
   */
  public AuditLog(AuditStore store, Clock clock, Duration retention, RefusalLimits limits, MeterRegistry registry) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("audit retention must be positive, got " + retention);
    }
    this.store = store;
    this.clock = clock;
    this.retention = retention;
    this.refusals = new RefusalBuffer(limits);
    for (AuditAction a : AuditAction.values()) {
      written.put(a, Counter.builder("uptally.audit.entries").tag("action", a.wireName())
          .description("Audit rows the audit log wrote itself (refusals, their summaries, releases)").register(registry));
    }
    FunctionCounter.builder("uptally.audit.refusals.unwritten", refusals, RefusalBuffer::suppressedEver)
        .description("Refused requests over the audit log's limits, counted in a summarising row only")
        .register(registry);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "uptally-audit");
      t.setDaemon(true);
      return t;
    });
  }

  /** Prunes what is past the retention, then writes refusals every second and prunes once a day. */
  public void start() {
    thread.scheduleWithFixedDelay(() -> guarded("writing refused requests", () -> flush(clock.millis())),
        FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    thread.scheduleWithFixedDelay(() -> guarded("pruning", () -> prune(clock.millis())), 0, PRUNE_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Records a refused request without blocking. {@code target} is {@code METHOD path}; never pass the presented
   * token or anything derived from it.
   *
   * @param tokenName the known token's name (a 403), null for a missing or unknown one (a 401)
   */
  public void refused(long atMillis, String tokenName, String address, AuditAction action, String target,
      String detail) {
    refusals.add(AuditEntry.of(atMillis, tokenName, address, action, target, detail));
  }

  /** Appends {@code entry} now, in its own transaction; durable when it returns. */
  public void append(AuditEntry entry) {
    store.append(List.of(entry));
    written.get(entry.action()).increment();
  }

  public List<AuditEntry> entries(AuditQuery query) {
    return store.entries(query);
  }

  public long count(AuditQuery query) {
    return store.count(query);
  }

  /** Writes the waiting refusals and the summaries of minutes that ended by {@code nowMillis}; @return rows written */
  public int flush(long nowMillis) {
    return write(refusals.drain(nowMillis));
  }

  /** Deletes rows older than the retention before {@code nowMillis}; @return how many */
  public long prune(long nowMillis) {
    long deleted = store.pruneBefore(nowMillis - retention.toMillis());
    if (deleted > 0) {
      LOG.log(System.Logger.Level.INFO, "audit log: deleted {0} rows older than {1} days", deleted,
          retention.toDays());
    }
    return deleted;
  }

  /** Writes what waits, the current minute's summaries included, and stops the log's thread. */
  @Override
  public void close() {
    Executors2.stop(thread, Duration.ofSeconds(10));
    guarded("writing refused requests at shutdown", () -> write(refusals.drainAll(clock.millis())));
  }

  private int write(List<AuditEntry> rows) {
    if (rows.isEmpty()) {
      return 0;
    }
    try {
      store.append(rows);
    } catch (RuntimeException e) {
      refusals.putBack(rows); // the next flush tries again; what does not fit the bound is lost, and counted so
      throw e;
    }
    for (AuditEntry e : rows) {
      written.get(e.action()).increment();
    }
    return rows.size();
  }

  private static void guarded(String what, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "audit log: " + what + " failed; retrying at the next pass", e);
    }
  }
}
