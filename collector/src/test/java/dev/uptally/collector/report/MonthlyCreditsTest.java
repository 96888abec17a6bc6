package dev.uptally.collector.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.uptally.collector.CollectorApp;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.json.Json;
import dev.uptally.config.collector.CollectorConfig;
import dev.uptally.config.collector.Contract;
import dev.uptally.config.collector.Contract.CreditTier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Service credits in the monthly report of the simulated October ({@link SimulatedMonth}) under other contracts: a
 * class that met its target earns no credit, whichever tiers it has; one that missed it is credited by its own tiers,
 * else the contract-wide ones; and the summary (targets met, credit owed) agrees with the credit lines.
 *
 * <p>The month's pooled figures, worked out by hand in {@link MonthlyReportTest}: servers (5,299,200 − 7,200) /
 * 5,299,200 s = 99.8641 %; workstations (792,000 − 1,800) / 792,000 s = 99.7727 %; laptops 792,000 s, none down,
 * exactly 100 %. The standard contract's tiers are below 99.9 → 5 %, below 99.5 → 10 %, below 99.0 → 25 %.
 */
class MonthlyCreditsTest {

  /**
   * Servers have tiers of their own (below 99.9 → 15 %, below 99.8 → 30 %) and missed their 99.9 target;
   * workstations have a tier above their target (below 99.95 → 50 %) and met 99.0; laptops' target is 100.0, met
   * exactly.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class PerClassTiers {

    private SimulatedMonth month;
    private MonthlyReport report;

    @BeforeAll
    void simulate(@TempDir Path dir) throws Exception {
      month = new SimulatedMonth(dir, contract(
          availability(DeviceClass.SERVER, ownTiers(new CreditTier(99.9, 15), new CreditTier(99.8, 30))),
          availability(DeviceClass.WORKSTATION, ownTiers(new CreditTier(99.95, 50))),
          availability(DeviceClass.LAPTOP, target(100.0))));
      report = build(month);
    }

    @AfterAll
    void stop() {
      month.close();
    }

    @Test
    void aClassThatMissedItsTargetIsCreditedByItsOwnTiersNotTheContractWideOnes() {
      CreditLine servers = line(report, "server");
      assertThat(servers.metTarget()).isFalse();
      assertThat(servers.tierBelowPercent()).as("99.8641 % is below 99.9, not below 99.8").isEqualTo(99.9);
      assertThat(servers.creditPercent()).isEqualTo(15);
      assertThat(servers.amount()).isEqualByComparingTo("630.00");
      assertThat(servers.arithmetic()).isEqualTo("server: availability 99.8641 % = (5,299,200 s measured − 7,200 s "
          + "down) / 5,299,200 s; it missed its 99.9 % target and is below 99.9 %, so the credit is 15 % of the "
          + "monthly fee 4200.00 = 630.00.");
    }

    @Test
    void aClassThatMetItsTargetEarnsNoCreditFromItsOwnTierAboveTheTarget() {
      CreditLine workstations = line(report, "workstation");
      assertThat(workstations.metTarget()).isTrue();
      assertThat(workstations.tierBelowPercent()).isNull();
      assertThat(workstations.amount()).isEqualByComparingTo("0.00");
      assertThat(workstations.arithmetic()).isEqualTo("workstation: availability 99.7727 % = (792,000 s measured − "
          + "1,800 s down) / 792,000 s; it met its 99.0 % target, so no credit applies.");
    }

    @Test
    void availabilityExactlyAtTheTargetMeetsItInTheClassRowAndTheCreditLineAlike() {
      assertThat(cls(report, "laptop").meetsTarget()).isTrue();
      assertThat(line(report, "laptop").metTarget()).isTrue();
      assertThat(line(report, "laptop").amount()).isEqualByComparingTo("0.00");
      assertThat(line(report, "laptop").arithmetic()).endsWith("; it met its 100.0 % target, so no credit applies.");
    }

    @Test
    void totalIsTheMissedClassesCreditAndTheSummaryAgrees() {
      assertThat(report.credits().total()).isEqualByComparingTo("630.00");
      assertSummaryAgreesWithCredits(report);
    }

    @Test
    void jsonCarriesWhetherEachClassMetItsTargetBesideItsCredit() {
      JsonNode credits = Json.mapper().readTree(ReportFormat.JSON.render(report)).get("credits");
      assertThat(credits.get("total").decimalValue()).isEqualByComparingTo("630.00");
      Map<String, JsonNode> lines = new java.util.HashMap<>();
      credits.get("lines").forEach(l -> lines.put(l.get("deviceClass").asString(), l));
      assertThat(lines.get("server").get("metTarget").asBoolean()).isFalse();
      assertThat(lines.get("server").get("amount").decimalValue()).isEqualByComparingTo("630.00");
      assertThat(lines.get("workstation").get("metTarget").asBoolean()).isTrue();
      assertThat(lines.get("workstation").get("amount").decimalValue()).isEqualByComparingTo("0");
      assertThat(lines.get("workstation").get("tierBelowPercent").isNull()).isTrue();
      assertThat(lines.get("workstation").get("arithmetic").asString())
          .contains("met its 99.0 % target, so no credit applies");
      assertThat(lines.get("laptop").get("targetPercent").asDouble()).isEqualTo(100.0);
    }

    @Test
    void htmlShowsTheCreditOfTheMissedClassAndWhyTheOthersHaveNone() {
      String html = new String(ReportFormat.HTML.render(report), StandardCharsets.UTF_8);
      assertThat(html).contains(">2 of 3</div><div class=\"l\">availability targets met",
          ">630.00</div><div class=\"l\">service credit owed to you",
          "a service credit of <strong>630.00</strong>",
          "<td>Workstations</td><td class=\"n\">99.7727 %</td><td class=\"n\">none (target met)</td>",
          "workstation: availability 99.7727 % = (792,000 s measured − 1,800 s down) / 792,000 s; it met its 99.0 % "
              + "target, so no credit applies.",
          "it missed its 99.9 % target and is below 99.9 %, so the credit is 15 % of the monthly fee 4200.00 = "
              + "630.00.");
    }
  }

  /**
   * The observed bug: every class met its target (servers' lowered to 99.8), yet servers and workstations lie below
   * the contract-wide 99.9 tier. No credit is owed.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class EveryTargetMet {

    private SimulatedMonth month;
    private MonthlyReport report;

    @BeforeAll
    void simulate(@TempDir Path dir) throws Exception {
      month = new SimulatedMonth(dir, contract(availability(DeviceClass.SERVER, target(99.8))));
      report = build(month);
    }

    @AfterAll
    void stop() {
      month.close();
    }

    @Test
    void classesThatMetTheirTargetsEarnNoCreditFromContractWideTiersTheyAreBelow() {
      assertThat(report.classes()).extracting(MonthlyReport.ClassRow::deviceClass, MonthlyReport.ClassRow::meetsTarget)
          .containsExactly(tuple("server", true), tuple("workstation", true), tuple("laptop", true));
      assertThat(report.credits().lines()).extracting(CreditLine::deviceClass, CreditLine::metTarget,
          CreditLine::creditPercent).containsExactly(tuple("server", true, 0.0), tuple("workstation", true, 0.0),
              tuple("laptop", true, 0.0));
      assertThat(line(report, "server").arithmetic()).endsWith("; it met its 99.8 % target, so no credit applies.");
      assertThat(report.credits().total()).isEqualByComparingTo("0.00");
      assertSummaryAgreesWithCredits(report);
    }

    @Test
    void htmlSummarySaysEveryTargetWasMetAndNothingIsOwed() {
      String html = new String(ReportFormat.HTML.render(report), StandardCharsets.UTF_8);
      assertThat(html).contains(">3 of 3</div><div class=\"l\">availability targets met",
          ">0.00</div><div class=\"l\">service credit owed to you")
          .doesNotContain("a service credit of <strong>");
      JsonNode json = Json.mapper().readTree(ReportFormat.JSON.render(report));
      assertThat(json.get("credits").get("total").decimalValue()).isEqualByComparingTo("0");
    }
  }

  private static MonthlyReport build(SimulatedMonth month) {
    CollectorApp app = month.app;
    return new MonthlyReportBuilder(app.fleet(), app.queries(), app.contracts(), SimulatedMonth.contractEngine(),
        month.clock, CollectorApp.CONFIDENCE).build("acme", YearMonth.of(2026, 10)).orElseThrow();
  }

  /**
   * What the summary shows cannot contradict the credit lines: a class credited missed its target, a class that met
   * it is credited nothing, and when every target was met nothing is owed.
   */
  private static void assertSummaryAgreesWithCredits(MonthlyReport report) {
    Map<String, Boolean> met = report.classes().stream()
        .filter(c -> c.meetsTarget() != null)
        .collect(Collectors.toMap(MonthlyReport.ClassRow::deviceClass, MonthlyReport.ClassRow::meetsTarget));
    for (CreditLine l : report.credits().lines()) {
      assertThat(l.metTarget()).as(l.deviceClass()).isEqualTo(met.get(l.deviceClass()));
      if (l.amount().signum() > 0) {
        assertThat(met.get(l.deviceClass())).as(l.deviceClass() + " is credited, so it missed its target").isFalse();
      }
    }
    if (met.values().stream().allMatch(Boolean::booleanValue)) {
      assertThat(report.credits().total()).as("every target met").isEqualByComparingTo("0");
    }
  }

  private static CreditLine line(MonthlyReport r, String deviceClass) {
    return r.credits().lines().stream().filter(l -> l.deviceClass().equals(deviceClass)).findFirst().orElseThrow();
  }

  private static MonthlyReport.ClassRow cls(MonthlyReport r, String deviceClass) {
    return r.classes().stream().filter(c -> c.deviceClass().equals(deviceClass)).findFirst().orElseThrow();
  }

  /** Applies the edits, in order, to every contract of the configuration. */
  @SafeVarargs
  private static UnaryOperator<CollectorConfig> contract(UnaryOperator<Contract>... edits) {
    return c -> {
      Map<String, Contract> contracts = new java.util.HashMap<>();
      c.contracts().forEach((name, k) -> {
        for (UnaryOperator<Contract> e : edits) {
          k = e.apply(k);
        }
        contracts.put(name, k);
      });
      return new CollectorConfig(c.server(), c.storage(), c.api(), c.heartbeat(), c.calendars(), contracts,
          c.clients(), c.notifications());
    };
  }

  private static UnaryOperator<Contract> availability(DeviceClass dc, UnaryOperator<Contract.AvailabilityTarget> edit) {
    return k -> {
      Map<DeviceClass, Contract.AvailabilityTarget> a = new EnumMap<>(k.availability());
      a.put(dc, edit.apply(a.get(dc)));
      return new Contract(k.name(), k.monthlyFee(), a, k.patchWindows(), k.maintenance(), k.priorities(),
          k.escalateAt(), k.rules(), k.credits());
    };
  }

  private static UnaryOperator<Contract.AvailabilityTarget> target(double percent) {
    return a -> new Contract.AvailabilityTarget(percent, a.calendar(), a.counts(), a.credits());
  }

  private static UnaryOperator<Contract.AvailabilityTarget> ownTiers(CreditTier... tiers) {
    return a -> new Contract.AvailabilityTarget(a.targetPercent(), a.calendar(), a.counts(), List.of(tiers));
  }
}
