package dev.uptally.collector.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceTimeline;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.fleet.TimelineState;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.device.OutageCause;
import dev.uptally.common.time.TimeRange;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The report's days come from one {@link SlaCalculator#breakdown} per device: each day's measured and down time must
 * be what {@link SlaCalculator#compute} over that day alone gives (the rule the report had before, a query a day),
 * across a DST change, business-hours calendars, maintenance, unknown time, a timeline starting mid-month, an open
 * silent tail and a month not yet over.
 */
class SlaBreakdownTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final long MIN = 60_000L;
  private final SlaCalculator calc = new SlaCalculator(new ContractBook(TestConfigs.standard(NY)),
      new DeviceTimeline(90_000));

  @Test
  void eachDayOfTheBreakdownEqualsTheSlaOverThatDayAlone() {
    // November 2026 in New York: DST ends on the 1st (a 25-hour day)
    long from = LocalDate.of(2026, 11, 1).atStartOfDay(NY).toInstant().toEpochMilli();
    long to = LocalDate.of(2026, 12, 1).atStartOfDay(NY).toInstant().toEpochMilli();
    List<TimeRange> days = new ArrayList<>();
    for (LocalDate d = LocalDate.of(2026, 11, 1); d.getMonthValue() == 11; d = d.plusDays(1)) {
      days.add(new TimeRange(d.atStartOfDay(NY).toInstant().toEpochMilli(),
          d.plusDays(1).atStartOfDay(NY).toInstant().toEpochMilli()));
    }
    Random random = new Random(20261203L);
    int nonTrivialDays = 0;
    for (int run = 0; run < 300; run++) {
      DeviceClass cls = DeviceClass.values()[run % DeviceClass.values().length];
      DeviceIdentity device = new DeviceIdentity("d" + run, "acme", "host", cls, "America/New_York", "1.0", "00", 0,
          Map.of());
      long start = random.nextBoolean() ? from - 86_400_000L : from + random.nextInt(20 * 1440) * MIN;
      long now = random.nextInt(3) == 0 ? to + 3_600_000L : from + random.nextInt(30 * 1440) * MIN;
      long last = Math.max(start, now - random.nextInt(3 * 1440) * MIN); // often silent before now: an open tail
      List<TimelineInterval> stored = new ArrayList<>();
      long t = start;
      while (true) {
        t += random.nextInt(3 * 1440) * MIN;
        long end = t + (1 + random.nextInt(30 * 60)) * MIN;
        if (end > last) {
          break;
        }
        boolean unknown = random.nextInt(5) == 0;
        stored.add(new TimelineInterval(t, end, unknown ? TimelineState.UNKNOWN : TimelineState.DOWN,
            unknown ? null : OutageCause.values()[random.nextInt(OutageCause.values().length)]));
        t = end;
      }
      DeviceProgress progress = new DeviceProgress(100, start, last, start, null, 0, DeviceProgress.Totals.ZERO);

      SlaCalculator.Breakdown b = calc.breakdown(device, progress, stored, from, to, now, days);

      DeviceSla month = calc.compute(device, progress, stored, from, to, now);
      assertThat(b.sla()).isEqualTo(month);
      for (int i = 0; i < days.size(); i++) {
        TimeRange day = days.get(i);
        DeviceSla alone = calc.compute(device, progress, stored, day.startMillis(), day.endMillis(), now);
        assertThat(b.measuredMillis()[i]).as("run %d, %s, day %d: measured", run, cls, i + 1)
            .isEqualTo(alone.measuredMillis());
        assertThat(b.downMillis()[i]).as("run %d, %s, day %d: down", run, cls, i + 1).isEqualTo(alone.downMillis());
        if (alone.downMillis() > 0 && alone.measuredMillis() > alone.downMillis()) {
          nonTrivialDays++;
        }
      }
    }
    assertThat(nonTrivialDays).as("days with both up and counted down time").isGreaterThan(500);
  }
}
