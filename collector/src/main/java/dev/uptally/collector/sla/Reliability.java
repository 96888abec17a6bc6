package dev.uptally.collector.sla;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * MTTF, MTTR, MTBF from up time {@code U}, failure downtime {@code R} and failure count {@code n} (physical time),
 * with the one-sided lower confidence bound {@code MTBF_lower = 2(U+R) / χ²(conf; 2n+2)} — the time-truncated
 * test bound, defined also for {@code n = 0}. Pooled fleet figures add {@code U}, {@code R} and {@code n}.
 *
 * @param confidence e.g. 0.90
 */
public record Reliability(long uptimeMillis, long failureDowntimeMillis, long failures, double confidence) {

  public Reliability {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
    }
  }

  public Reliability plus(Reliability o) {
    return new Reliability(uptimeMillis + o.uptimeMillis, failureDowntimeMillis + o.failureDowntimeMillis,
        failures + o.failures, confidence);
  }

  /** Mean time to failure in seconds, null when there was no failure. */
  public Double mttfSeconds() {
    return failures == 0 ? null : uptimeMillis / 1000.0 / failures;
  }

  public Double mttrSeconds() {
    return failures == 0 ? null : failureDowntimeMillis / 1000.0 / failures;
  }

  public Double mtbfSeconds() {
    return failures == 0 ? null : (uptimeMillis + failureDowntimeMillis) / 1000.0 / failures;
  }

  /** One-sided lower bound on MTBF at {@link #confidence}, seconds. */
  public double mtbfLowerSeconds() {
    double quantile = ChiSquaredDistribution.of(2.0 * failures + 2).inverseCumulativeProbability(confidence);
    return 2.0 * (uptimeMillis + failureDowntimeMillis) / 1000.0 / quantile;
  }
}
