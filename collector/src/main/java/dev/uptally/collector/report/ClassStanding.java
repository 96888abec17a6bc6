package dev.uptally.collector.report;

/**
 * One device class of one client, month to date: its pooled availability against the contract's target, the error
 * budget that target allows over the time measured so far, and the credit the month would earn if it ended now. The
 * pooling and the credit are the monthly report's own ({@link MonthlyReportBuilder#standing}).
 *
 * @param target the class's availability target in percent, null when the contract sets none
 * @param availability pooled availability as a fraction (0–1), as in the report's classes; null when nothing was
 *     measured
 * @param budgetSeconds the downtime the target allows over the measured time, {@code measured × (100 − target) /
 *     100}, rounded down to a second; null without a target
 * @param budgetLeftSeconds {@code budget − counted downtime}, rounded down to a second; negative when overspent, null
 *     without a target
 * @param projectedCreditPercent the credit, in percent of the monthly fee, that the report's credit rule gives the
 *     class's availability so far; null when the client has no contract
 * @param devices how many of the client's devices of the class are pooled
 */
public record ClassStanding(
    String clientId,
    String clientName,
    String deviceClass,
    Double target,
    Double availability,
    Long budgetSeconds,
    Long budgetLeftSeconds,
    Double projectedCreditPercent,
    int devices) {}
