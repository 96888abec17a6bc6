package dev.uptally.collector.metrics;

import java.util.Objects;

/**
 * One client's pooled availability for one device class over the calendar month so far: measured and down time
 * summed over its devices (the design's definitions, per device on the contract calendar), so that availability is
 * {@code (measured − down) / measured}.
 *
 * @param targetRatio the contract's target as a ratio (99.9 % → 0.999), null when the contract sets none
 */
public record ClientAvailability(String clientId, String deviceClass, long measuredMillis, long downMillis,
    Double targetRatio) {

  public ClientAvailability {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(deviceClass, "deviceClass of client " + clientId);
    if (measuredMillis <= 0 || downMillis < 0 || downMillis > measuredMillis) {
      throw new IllegalArgumentException("client " + clientId + " class " + deviceClass + ": need 0 <= down ("
          + downMillis + " ms) <= measured (" + measuredMillis + " ms) and measured > 0");
    }
  }

  public double availability() {
    return (double) (measuredMillis - downMillis) / measuredMillis;
  }

  /**
   * The share of the month-so-far error budget ({@code (1 − target) × measured}) not yet spent; negative once
   * overspent. Null without a target or with a target of 100 % (no budget).
   */
  public Double errorBudgetRemaining() {
    Double budgetMillis = errorBudgetMillis();
    return budgetMillis == null ? null : 1 - downMillis / budgetMillis;
  }

  /**
   * The month-so-far error budget, {@code (1 − target) × measured}, in milliseconds: the downtime the target allows
   * over what was measured so far. Null without a target or with a target of 100 % (no budget).
   */
  public Double errorBudgetMillis() {
    if (targetRatio == null || targetRatio >= 1) {
      return null;
    }
    return (1 - targetRatio) * measuredMillis;
  }
}
