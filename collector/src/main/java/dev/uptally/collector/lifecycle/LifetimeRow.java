package dev.uptally.collector.lifecycle;

/**
 * Non-repairable lifetimes of one group (a hardware model or a drive model): units observed, how many failed, how many
 * are censored (still in service, or ended otherwise), their total time in service, {@code MTTF = unitSeconds /
 * failures} (null without failures) and its one-sided lower confidence bound {@code 2 · unitSeconds / χ²(c; 2f + 2)}.
 */
public record LifetimeRow(String group, int units, int failures, int censored, long unitSeconds, Double mttfSeconds,
    double mttfLowerSeconds, double confidence) {}
