package dev.uptally.collector.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.config.collector.Contract.CreditTier;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CreditCalculatorTest {

  /** The design's tiers, deliberately not in threshold order. */
  private static final List<CreditTier> TIERS = List.of(new CreditTier(99.0, 25), new CreditTier(99.9, 5),
      new CreditTier(99.5, 10));
  /** 1 000 000 s measured: each second down is 0.0001 percentage points. */
  private static final long MEASURED = 1_000_000_000L;
  /** The server target of the design's example: the tiers above all lie at or below it. */
  private static final Double SERVER_TARGET = 99.9;

  @ParameterizedTest(name = "{0} s down of 1 000 000 s → {1} %")
  @CsvSource({
      "0,     0",     // 100 %
      "1000,  0",     // 99.9 %: not strictly below 99.9
      "1001,  5",     // 99.8999 %
      "5000,  5",     // 99.5 %: not strictly below 99.5
      "5001,  10",    // 99.4999 %
      "10000, 10",    // 99.0 %
      "10001, 25",    // 98.9999 %
      "500000, 25"})  // 50 %
  void tierAppliesOnlyStrictlyBelowItsThreshold(long downSeconds, double percent) {
    CreditLine line = CreditCalculator.credit("server", SERVER_TARGET, TIERS, 4200, MEASURED, downSeconds * 1000);
    assertThat(line.creditPercent()).isEqualTo(percent);
    assertThat(line.amount()).isEqualByComparingTo(BigDecimal.valueOf(4200 * percent / 100));
  }

  @Test
  void exactBoundaryIsNotBelowEvenWhenTheRatioRoundsBelowInFloatingPoint() {
    // 0.999 × 100 in doubles can land just under 99.9; the comparison is exact
    long measured = 2_678_400_000L; // 31 days
    long down = 2_678_400L; // exactly 0.1 %
    assertThat(CreditCalculator.credit("server", SERVER_TARGET, TIERS, 4200, measured, down).creditPercent())
        .isZero();
    assertThat(CreditCalculator.credit("server", SERVER_TARGET, TIERS, 4200, measured, down + 1).creditPercent())
        .isEqualTo(5);
  }

  @Test
  void aClassThatMetItsTargetEarnsNoCreditFromContractWideTiers() {
    // workstations 99.5 % against a 99.0 % target: below the contract-wide 99.9 tier, but the target was met
    CreditLine line = CreditCalculator.credit("workstation", 99.0, TIERS, 4200, MEASURED, 5_000_000);
    assertThat(line.metTarget()).isTrue();
    assertThat(line.creditPercent()).isZero();
    assertThat(line.tierBelowPercent()).isNull();
    assertThat(line.amount()).isEqualByComparingTo("0.00");
    assertThat(line.arithmetic()).isEqualTo("workstation: availability 99.5 % = (1,000,000 s measured − 5,000 s "
        + "down) / 1,000,000 s; it met its 99.0 % target, so no credit applies.");
  }

  @Test
  void aClassThatMetItsTargetEarnsNoCreditFromItsOwnTiersAboveTheTarget() {
    List<CreditTier> own = List.of(new CreditTier(99.95, 50));
    CreditLine line = CreditCalculator.credit("server", 99.9, own, 4200, MEASURED, 900_000); // 99.91 %
    assertThat(line.metTarget()).isTrue();
    assertThat(line.amount()).isEqualByComparingTo("0.00");
    assertThat(line.arithmetic()).endsWith("; it met its 99.9 % target, so no credit applies.");
  }

  @Test
  void availabilityExactlyAtTheTargetMeetsItAndOneMillisecondLessMisses() {
    // 31 days, exactly 1 % down: 99.0 % is not below a 99.0 % target, however the ratio rounds in doubles
    long measured = 2_678_400_000L;
    long down = 26_784_000L;
    CreditLine at = CreditCalculator.credit("workstation", 99.0, TIERS, 4200, measured, down);
    assertThat(at.metTarget()).isTrue();
    assertThat(at.amount()).isEqualByComparingTo("0.00");
    assertThat(at.arithmetic()).contains("met its 99.0 % target, so no credit applies");
    CreditLine under = CreditCalculator.credit("workstation", 99.0, TIERS, 4200, measured, down + 1);
    assertThat(under.metTarget()).isFalse();
    assertThat(under.creditPercent()).as("below 99.0, 99.5 and 99.9: the largest percent").isEqualTo(25);
    assertThat(under.amount()).isEqualByComparingTo("1050.00");
  }

  @Test
  void aClassThatMissedItsTargetIsCreditedByAContractWideTierAboveTheTarget() {
    // the tier's 99.9 threshold lies above the 99.0 target; once the target is missed, 98.9 % is below it
    CreditLine line = CreditCalculator.credit("workstation", 99.0, List.of(new CreditTier(99.9, 5)), 4200, MEASURED,
        11_000_000);
    assertThat(line.metTarget()).isFalse();
    assertThat(line.tierBelowPercent()).isEqualTo(99.9);
    assertThat(line.amount()).isEqualByComparingTo("210.00");
    assertThat(line.arithmetic()).contains("; it missed its 99.0 % target and is below 99.9 %, so the credit is 5 % "
        + "of the monthly fee 4200.00 = 210.00.");
  }

  @Test
  void aClassThatMissedItsTargetButIsAboveEveryTierEarnsNoCreditAndSaysWhy() {
    List<CreditTier> lower = List.of(new CreditTier(99.5, 10), new CreditTier(99.0, 25));
    CreditLine line = CreditCalculator.credit("server", 99.9, lower, 4200, MEASURED, 2_000_000); // 99.8 %
    assertThat(line.metTarget()).isFalse();
    assertThat(line.amount()).isEqualByComparingTo("0.00");
    assertThat(line.arithmetic()).endsWith("; it missed its 99.9 % target but is not below any credit threshold "
        + "(the highest is 99.5 %), so no credit applies.");
    assertThat(CreditCalculator.credit("server", 99.9, List.of(), 4200, MEASURED, 2_000_000).arithmetic())
        .endsWith("; it missed its 99.9 % target, but the contract sets no credit tiers for it, so no credit applies.");
  }

  @Test
  void aClassWithoutATargetHasNoneToMissAndEarnsNoCredit() {
    CreditLine line = CreditCalculator.credit("laptop", null, TIERS, 4200, MEASURED, 500_000_000);
    assertThat(line.metTarget()).isNull();
    assertThat(line.amount()).isEqualByComparingTo("0.00");
    assertThat(line.arithmetic()).endsWith("; the contract sets no availability target for this class, so no credit "
        + "applies.");
  }

  @Test
  void arithmeticNamesTargetTierAvailabilityFeeAndAmount() {
    CreditLine line = CreditCalculator.credit("workstation", 99.9, TIERS, 4200, MEASURED, 5_001_000);
    assertThat(line.availabilityPercent()).isEqualByComparingTo("99.4999");
    assertThat(line.tierBelowPercent()).isEqualTo(99.5);
    assertThat(line.targetPercent()).isEqualTo(99.9);
    assertThat(line.amount()).isEqualByComparingTo("420.00");
    assertThat(line.arithmetic()).isEqualTo("workstation: availability 99.4999 % = (1,000,000 s measured − 5,001 s "
        + "down) / 1,000,000 s; it missed its 99.9 % target and is below 99.5 %, so the credit is 10 % of the "
        + "monthly fee 4200.00 = 420.00.");
  }

  @Test
  void availabilityShownIsTruncatedNeverRoundedUpOverAThreshold() {
    CreditLine line = CreditCalculator.credit("server", SERVER_TARGET, TIERS, 4200, 10_000_000_000L, 10_000_001L);
    assertThat(line.availabilityPercent()).isEqualByComparingTo("99.8999");
    assertThat(line.creditPercent()).isEqualTo(5);
  }

  @Test
  void noMeasurementMeansNoCredit() {
    CreditLine line = CreditCalculator.credit("laptop", 98.0, TIERS, 4200, 0, 0);
    assertThat(line.availabilityPercent()).isNull();
    assertThat(line.metTarget()).isNull();
    assertThat(line.amount()).isEqualByComparingTo("0");
    assertThat(line.arithmetic()).contains("nothing was measured");
  }

  @Test
  void totalIsTheSumOfClassesCappedAtTheFee() {
    CreditLine a = CreditCalculator.credit("server", SERVER_TARGET, TIERS, 100, MEASURED, 20_000_000);
    CreditLine b = CreditCalculator.credit("workstation", SERVER_TARGET, TIERS, 100, MEASURED, 1_001_000);
    assertThat(CreditCalculator.total(List.of(a, b), 100)).isEqualByComparingTo("30.00");
    List<CreditTier> huge = List.of(new CreditTier(99.9, 60));
    CreditLine c = CreditCalculator.credit("server", SERVER_TARGET, huge, 100, MEASURED, 2_000_000);
    CreditLine d = CreditCalculator.credit("laptop", SERVER_TARGET, huge, 100, MEASURED, 2_000_000);
    assertThat(CreditCalculator.total(List.of(c, d), 100)).isEqualByComparingTo("100.00");
  }

  @Test
  void downtimeAboveMeasuredIsRefused() {
    assertThatThrownBy(() -> CreditCalculator.credit("server", SERVER_TARGET, TIERS, 4200, 1000, 1001))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server").hasMessageContaining("1001");
  }
}
