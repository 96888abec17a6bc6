package dev.uptally.collector.report;

import dev.uptally.config.collector.Contract;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Service credits: the contract's tiers ({@code availabilityBelow}, {@code percent}) applied to a device class's
 * pooled availability for the month. The tier applied is the one with the highest percent whose threshold the
 * availability is <em>strictly</em> below; the credit is that percent of the monthly fee. The comparison is exact
 * ({@code (measured − down) × 100 < threshold × measured} in decimal arithmetic), so an availability of exactly
 * 99.9 % is not below 99.9 % however the ratio would round in floating point. Stateless and thread-safe.
 */
public final class CreditCalculator {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private CreditCalculator() {}

  /**
   * @param measuredMillis pooled measured time of the class's devices in the month
   * @param downMillis pooled counted downtime
   */
  public static CreditLine credit(String deviceClass, List<Contract.CreditTier> tiers, double monthlyFee,
      long measuredMillis, long downMillis) {
    if (measuredMillis < 0 || downMillis < 0 || downMillis > measuredMillis) {
      throw new IllegalArgumentException("class " + deviceClass + ": need 0 <= down <= measured, got down "
          + downMillis + " ms of " + measuredMillis + " ms");
    }
    BigDecimal fee = BigDecimal.valueOf(monthlyFee).setScale(2, RoundingMode.HALF_UP);
    if (measuredMillis == 0) {
      return new CreditLine(deviceClass, 0, 0, null, null, 0, fee, zero(), deviceClass
          + ": nothing was measured this month, so no credit applies.");
    }
    Contract.CreditTier applied = null;
    for (Contract.CreditTier t : tiers) {
      if (below(measuredMillis, downMillis, t.availabilityBelow())
          && (applied == null || t.percent() > applied.percent())) {
        applied = t;
      }
    }
    BigDecimal percentShown = BigDecimal.valueOf(measuredMillis - downMillis).multiply(HUNDRED)
        .divide(BigDecimal.valueOf(measuredMillis), 4, RoundingMode.DOWN);
    String head = deviceClass + ": availability " + plain(percentShown) + " % = (" + seconds(measuredMillis) + " s measured − "
        + seconds(downMillis) + " s down) / " + seconds(measuredMillis) + " s";
    if (applied == null) {
      return new CreditLine(deviceClass, measuredMillis / 1000, downMillis / 1000, percentShown, null, 0, fee, zero(),
          head + " is not below any credit threshold" + lowest(tiers) + ", so no credit applies.");
    }
    BigDecimal percent = BigDecimal.valueOf(applied.percent());
    BigDecimal amount = fee.multiply(percent).divide(HUNDRED, 2, RoundingMode.HALF_UP);
    return new CreditLine(deviceClass, measuredMillis / 1000, downMillis / 1000, percentShown,
        applied.availabilityBelow(), applied.percent(), fee, amount,
        head + " is below " + plain(BigDecimal.valueOf(applied.availabilityBelow())) + " %, so the credit is "
            + plain(percent) + " % of the monthly fee " + fee.toPlainString() + " = " + amount.toPlainString() + ".");
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

  private static String lowest(List<Contract.CreditTier> tiers) {
    return tiers.stream().mapToDouble(Contract.CreditTier::availabilityBelow).max()
        .stream().mapToObj(t -> " (the highest is " + plain(BigDecimal.valueOf(t)) + " %)").findFirst().orElse("");
  }

  private static BigDecimal zero() {
    return BigDecimal.ZERO.setScale(2);
  }

  private static String plain(BigDecimal d) {
    return d.stripTrailingZeros().toPlainString();
  }

  private static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%,d", millis / 1000);
  }
}
