package dev.uptally.collector.report;

import java.math.BigDecimal;

/**
 * The service credit of one device class for one month, with its arithmetic. A class that met its target has no
 * tier applied and a zero amount.
 *
 * @param deviceClass wire name, e.g. {@code server}
 * @param measuredSeconds pooled measured time of the class's devices (the denominator)
 * @param downSeconds pooled counted downtime
 * @param availabilityPercent pooled availability in percent, truncated (never rounded up) to 4 decimals; null when
 *     nothing was measured
 * @param targetPercent the class's availability target, null when the contract sets none
 * @param metTarget whether the class met its target (then no credit applies); null without a target or a measurement
 * @param tierBelowPercent the threshold of the tier applied, null when none applies
 * @param creditPercent percent of the monthly fee, 0 when no tier applies
 * @param monthlyFee the contract's monthly fee
 * @param amount {@code monthlyFee × creditPercent / 100}, rounded half-up to cents
 * @param arithmetic the calculation in words, for the report
 */
public record CreditLine(
    String deviceClass,
    long measuredSeconds,
    long downSeconds,
    BigDecimal availabilityPercent,
    Double targetPercent,
    Boolean metTarget,
    Double tierBelowPercent,
    double creditPercent,
    BigDecimal monthlyFee,
    BigDecimal amount,
    String arithmetic) {}
