package dev.uptally.collector.report;

import dev.uptally.config.collector.Contract;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * Service credits (DESIGN.md, "Service credits"): a device class that meets its availability target for the month
 * earns no credit; one that missed it is credited by its tiers ({@code availabilityBelow}, {@code percent}) — its
 * own, or the contract-wide ones ({@link Contract#creditTiers}). The tier applied is the one with the highest percent whose
 * threshold the pooled availability is <em>strictly</em> below; the credit is that percent of the monthly fee. Both
 * comparisons, with the target and with a threshold, are exact ({@code (measured − down) × 100 < threshold ×
 * measured} in decimal arithmetic, {@link #below}), so an availability of exactly 99.9 % meets a 99.9 % target and is
 * not below a 99.9 % tier however the ratio would round in floating point. Stateless and thread-safe.
 */
public final class CreditCalculator {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private CreditCalculator() {}

  /**
   * @param targetPercent the class's availability target, null when the contract sets none (then no credit applies:
   *     there is no target to miss)
   * @param tiers the class's tiers ({@link Contract#creditTiers})
   * @param measuredMillis pooled measured time of the class's devices in the month
   * @param downMillis pooled counted downtime
   */
  public static CreditLine credit(String deviceClass, Double targetPercent, List<Contract.CreditTier> tiers,
      double monthlyFee, long measuredMillis, long downMillis) {
    if (measuredMillis < 0 || downMillis < 0 || downMillis > measuredMillis) {
      throw new IllegalArgumentException("class " + deviceClass + ": need 0 <= down <= measured, got down "
          + downMillis + " ms of " + measuredMillis + " ms");
    }
    BigDecimal fee = BigDecimal.valueOf(monthlyFee).setScale(2, RoundingMode.HALF_UP);
    if (measuredMillis == 0) {
      return new CreditLine(deviceClass, 0, 0, null, targetPercent, null, null, 0, fee, zero(), deviceClass
          + ": nothing was measured this month, so no credit applies.");
    }
    BigDecimal percentShown = BigDecimal.valueOf(measuredMillis - downMillis).multiply(HUNDRED)
        .divide(BigDecimal.valueOf(measuredMillis), 4, RoundingMode.DOWN);
    String head = deviceClass + ": availability " + plain(percentShown) + " % = (" + seconds(measuredMillis)
        + " s measured − " + seconds(downMillis) + " s down) / " + seconds(measuredMillis) + " s";
    if (targetPercent == null) {
      return none(deviceClass, measuredMillis, downMillis, percentShown, null, null, fee,
          head + "; the contract sets no availability target for this class, so no credit applies.");
    }
    if (!below(measuredMillis, downMillis, targetPercent)) {
      return none(deviceClass, measuredMillis, downMillis, percentShown, targetPercent, true, fee,
          head + "; it met its " + target(targetPercent) + " % target, so no credit applies.");
    }
    Contract.CreditTier applied = null;
    for (Contract.CreditTier t : tiers) {
      if (below(measuredMillis, downMillis, t.availabilityBelow())
          && (applied == null || t.percent() > applied.percent())) {
        applied = t;
      }
    }
    String missed = head + "; it missed its " + target(targetPercent) + " % target";
    if (applied == null) {
      return none(deviceClass, measuredMillis, downMillis, percentShown, targetPercent, false, fee, missed
          + (tiers.isEmpty() ? ", but the contract sets no credit tiers for it"
              : " but is not below any credit threshold" + highest(tiers)) + ", so no credit applies.");
    }
    BigDecimal percent = BigDecimal.valueOf(applied.percent());
    BigDecimal amount = fee.multiply(percent).divide(HUNDRED, 2, RoundingMode.HALF_UP);
    return new CreditLine(deviceClass, measuredMillis / 1000, downMillis / 1000, percentShown, targetPercent, false,
        applied.availabilityBelow(), applied.percent(), fee, amount,
        missed + " and is below " + plain(BigDecimal.valueOf(applied.availabilityBelow())) + " %, so the credit is "
            + plain(percent) + " % of the monthly fee " + fee.toPlainString() + " = " + amount.toPlainString() + ".");
  }

  private static CreditLine none(String deviceClass, long measuredMillis, long downMillis, BigDecimal percentShown,
      Double targetPercent, Boolean metTarget, BigDecimal fee, String arithmetic) {
    return new CreditLine(deviceClass, measuredMillis / 1000, downMillis / 1000, percentShown, targetPercent,
        metTarget, null, 0, fee, zero(), arithmetic);
  }

  /** Whether {@code (measured − down) / measured}, in percent, is strictly below {@code thresholdPercent}; exact. */
  static boolean below(long measuredMillis, long downMillis, double thresholdPercent) {
    return dev.uptally.collector.sla.DeviceSla.below(measuredMillis, downMillis, thresholdPercent);
  }

  /** The month's total: the sum of the class credits, never more than the monthly fee. */
  public static BigDecimal total(List<CreditLine> lines, double monthlyFee) {
    BigDecimal fee = BigDecimal.valueOf(monthlyFee).setScale(2, RoundingMode.HALF_UP);
    BigDecimal sum = zero();
    for (CreditLine l : lines) {
      sum = sum.add(l.amount());
    }
    return sum.min(fee);
  }

  private static String highest(List<Contract.CreditTier> tiers) {
    return tiers.stream().mapToDouble(Contract.CreditTier::availabilityBelow).max()
        .stream().mapToObj(t -> " (the highest is " + plain(BigDecimal.valueOf(t)) + " %)").findFirst().orElse("");
  }

  private static BigDecimal zero() {
    return BigDecimal.ZERO.setScale(2);
  }

  private static String plain(BigDecimal d) {
    return d.stripTrailingZeros().toPlainString();
  }

  /** A target as contracts write it, with at least one decimal: {@code 99.0}, {@code 99.9}, {@code 99.95}. */
  private static String target(double percent) {
    BigDecimal d = BigDecimal.valueOf(percent).stripTrailingZeros();
    return (d.scale() < 1 ? d.setScale(1) : d).toPlainString();
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%,d", millis / 1000);
  }
}
