package dev.uptally.config.collector;

import java.time.Duration;

/**
 * The audit log's settings ({@code audit:} in the collector's file).
 *
 * @param retention how long audit rows are kept before the daily prune deletes them; at least a day
 */
public record AuditConfig(Duration retention) {

  /** A year and a month, so that the same month of last year can still be looked at. */
  public static final AuditConfig DEFAULT = new AuditConfig(Duration.ofDays(400));

  public AuditConfig {
    if (retention == null || retention.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException("audit retention must be at least 1 day, got " + retention);
    }
  }
}
