package dev.uptally.collector.audit;

/**
 * Which audit rows to read: those at {@code [fromMillis, toMillis)}, of {@code action} (null for all), newest first,
 * skipping {@code offset} and returning at most {@code limit}.
 */
public record AuditQuery(long fromMillis, long toMillis, AuditAction action, int limit, int offset) {

  public AuditQuery {
    if (fromMillis >= toMillis) {
      throw new IllegalArgumentException("audit window [" + fromMillis + ", " + toMillis + ") is empty");
    }
    if (limit < 1 || offset < 0) {
      throw new IllegalArgumentException("audit page limit " + limit + " offset " + offset + ": limit must be at"
          + " least 1 and offset not negative");
    }
  }
}
