package dev.uptally.collector.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.uptally.common.protocol.Health;
import dev.uptally.config.collector.Contract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthRulesTest {

  private static final Contract.Rules RULES = new Contract.Rules(Map.of(), new Contract.DiskFull(0.90, "P2"),
      new Contract.Temperature(85, "P2"), new Contract.BatteryWorn(0.6, "P4"), null);

  private static Health health(List<Health.Disk> disks, Double temperatureC, Double batteryHealth) {
    return new Health(new Health.Cpu(0.1, 0.1, temperatureC), null, disks,
        batteryHealth == null ? null : new Health.Battery(80.0, true, batteryHealth, 300), List.of(), false);
  }

  @Test
  void anyDiskAboveTheLimitHotCpuAndWornBatteryAreActive() {
    Health h = health(List.of(new Health.Disk("/", 100L, 50L), new Health.Disk("/data", 100L, 5L)), 90.0, 0.55);
    assertThat(HealthRules.check(RULES, h)).extracting(HealthRules.Finding::rule, HealthRules.Finding::active,
        HealthRules.Finding::priority)
        .containsExactly(tuple("diskFull", true, "P2"), tuple("temperature", true, "P2"),
            tuple("batteryWorn", true, "P4"));
    assertThat(HealthRules.check(RULES, h).get(0).detail()).contains("/data").contains("95.0%");
    assertThat(HealthRules.anyActive(RULES, h)).isTrue();
  }

  @Test
  void valuesAtTheLimitAreNotActive() {
    Health h = health(List.of(new Health.Disk("/", 100L, 10L)), 85.0, 0.6);
    assertThat(HealthRules.check(RULES, h)).extracting(HealthRules.Finding::active).containsOnly(false);
    assertThat(HealthRules.anyActive(RULES, h)).isFalse();
  }

  @Test
  void missingReadingsGiveNoFindingSoOpenIncidentsStayAsTheyAre() {
    Health h = health(List.of(new Health.Disk("/", null, 10L)), null, null);
    assertThat(HealthRules.check(RULES, h)).isEmpty();
    assertThat(HealthRules.check(RULES, null)).isEmpty();
    assertThat(HealthRules.anyActive(RULES, null)).isFalse();
  }
}
