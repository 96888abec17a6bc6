package dev.uptally.collector.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceTimeline;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.fleet.TimelineState;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.device.OutageCause;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlaCalculatorTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final long H = 3_600_000L;
  private static final long MIN = 60_000L;
  private final ContractBook book = new ContractBook(TestConfigs.standard(NY));
  private final SlaCalculator calc = new SlaCalculator(book, new DeviceTimeline(90_000));

  private static long at(String local) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(local), NY).toInstant().toEpochMilli();
  }

  private static DeviceIdentity device(DeviceClass c) {
    return new DeviceIdentity("d1", "acme", "host", c, "America/New_York", "1.0", "00", 0, Map.of());
  }

  /** A device up since {@code start}, last heard at {@code last}. */
  private static DeviceProgress progress(long start, long last) {
    return new DeviceProgress(100, start, last, start, null, 0, DeviceProgress.Totals.ZERO);
  }

  @Test
  void serverCountsCrashAndShutdownOnAllDayCalendar() {
    long from = at("2026-11-02T00:00");
    long to = at("2026-11-09T00:00"); // Monday to Monday, after the DST change: 168 h
    List<TimelineInterval> stored = List.of(
        new TimelineInterval(at("2026-11-03T10:00"), at("2026-11-03T10:30"), TimelineState.DOWN, OutageCause.CRASH),
        new TimelineInterval(at("2026-11-04T12:00"), at("2026-11-04T13:00"), TimelineState.DOWN, OutageCause.SHUTDOWN),
        new TimelineInterval(at("2026-11-05T00:00"), at("2026-11-05T03:00"), TimelineState.UNKNOWN, null));
    DeviceSla s = calc.compute(device(DeviceClass.SERVER), progress(from - H, to), stored, from, to, to + H);
    // maintenance SUN 02:00-04:00 on 2026-11-08 (2 h) and unknown (3 h) are not measured
    long measured = 168 * H - 2 * H - 3 * H;
    assertThat(s.measuredMillis()).isEqualTo(measured);
    assertThat(s.downMillis()).isEqualTo(30 * MIN + H);
    assertThat(s.availability()).isCloseTo((double) (measured - 90 * MIN) / measured, within(1e-12));
    assertThat(s.failures()).isEqualTo(1);
    assertThat(s.failureDowntimeMillis()).isEqualTo(30 * MIN);
    assertThat(s.uptimeMillis()).isEqualTo(168 * H - 30 * MIN - H - 3 * H);
  }

  @Test
  void crashInsideMaintenanceWindowIsPlannedEvenWhenItRunsPastTheWindow() {
    long from = at("2026-11-02T00:00");
    long to = at("2026-11-09T00:00");
    List<TimelineInterval> stored = List.of(new TimelineInterval(at("2026-11-08T03:30"), at("2026-11-08T05:00"),
        TimelineState.DOWN, OutageCause.CRASH));
    DeviceSla s = calc.compute(device(DeviceClass.SERVER), progress(from, to), stored, from, to, to);
    assertThat(s.downMillis()).isZero();
    assertThat(s.failures()).isZero();
    assertThat(s.outages()).singleElement().satisfies(o -> {
      assertThat(o.planned()).isTrue();
      assertThat(o.counted()).isFalse();
    });
    assertThat(s.availability()).isEqualTo(1.0);
  }

  @Test
  void workstationIgnoresShutdownAndCountsOnlyBusinessHours() {
    long from = at("2026-11-02T00:00");
    long to = at("2026-11-09T00:00");
    List<TimelineInterval> stored = List.of(
        // overnight shutdown: not counted for workstations
        new TimelineInterval(at("2026-11-02T19:00"), at("2026-11-03T07:30"), TimelineState.DOWN, OutageCause.SHUTDOWN),
        // crash 17:00-20:00: only 17:00-18:00 is in business hours
        new TimelineInterval(at("2026-11-04T17:00"), at("2026-11-04T20:00"), TimelineState.DOWN, OutageCause.CRASH),
        // asleep is not down
        new TimelineInterval(at("2026-11-05T12:00"), at("2026-11-05T13:00"), TimelineState.ASLEEP, null));
    DeviceSla s = calc.compute(device(DeviceClass.WORKSTATION), progress(from, to), stored, from, to, to);
    assertThat(s.measuredMillis()).isEqualTo(5 * 10 * H);
    assertThat(s.downMillis()).isEqualTo(H);
    assertThat(s.failures()).isEqualTo(1);
    assertThat(s.failureDowntimeMillis()).isEqualTo(3 * H);
  }

  @Test
  void silentUntilNowIsAnOpenCountedFailure() {
    long from = at("2026-11-02T00:00");
    long now = at("2026-11-02T12:00");
    long last = at("2026-11-02T10:00");
    DeviceSla s = calc.compute(device(DeviceClass.SERVER), progress(from, last), List.of(), from, at("2026-11-03T00:00"),
        now);
    assertThat(s.measuredMillis()).isEqualTo(12 * H);
    assertThat(s.downMillis()).isEqualTo(2 * H);
    assertThat(s.failures()).isEqualTo(1);
    assertThat(s.outages()).singleElement().satisfies(o -> assertThat(o.interval().cause()).isEqualTo(OutageCause.SILENT));
  }

  @Test
  void timeBeforeTheTimelineStartsIsNotMeasured() {
    long from = at("2026-11-02T00:00");
    long start = at("2026-11-02T06:00");
    DeviceSla s = calc.compute(device(DeviceClass.SERVER), progress(start, at("2026-11-03T00:00")), List.of(), from,
        at("2026-11-03T00:00"), at("2026-11-03T00:00"));
    assertThat(s.measuredMillis()).isEqualTo(18 * H);
    assertThat(s.availability()).isEqualTo(1.0);
  }

  @Test
  void mtbfLowerBoundWithoutFailuresIsTotalTimeOverLnTen() {
    // chi-squared with 2 degrees of freedom has quantile -2 ln(1 - p): at 90 % that is 2 ln 10
    Reliability r = new Reliability(1000 * H, 0, 0, 0.90);
    assertThat(r.mtbfSeconds()).isNull();
    assertThat(r.mtbfLowerSeconds()).isCloseTo(1000 * 3600 / Math.log(10), within(1e-6));
  }

  @Test
  void mtbfFiguresWithFailures() {
    Reliability r = new Reliability(100 * H, 2 * H, 2, 0.90);
    assertThat(r.mttfSeconds()).isEqualTo(50 * 3600.0);
    assertThat(r.mttrSeconds()).isEqualTo(3600.0);
    assertThat(r.mtbfSeconds()).isEqualTo(51 * 3600.0);
    // chi-squared 0.90 quantile with 6 degrees of freedom is 10.6446
    assertThat(r.mtbfLowerSeconds()).isCloseTo(2 * 102 * 3600 / 10.644640675668422, within(1e-3));
  }

  @Test
  void timelineFillsUpGapsAndMarksPlannedOutages() {
    long from = at("2026-11-08T00:00");
    long to = at("2026-11-08T06:00");
    List<TimelineInterval> stored = List.of(new TimelineInterval(at("2026-11-08T02:30"), at("2026-11-08T02:40"),
        TimelineState.DOWN, OutageCause.CRASH));
    var entries = calc.timeline(device(DeviceClass.SERVER), progress(from - H, to), stored, from, to, to);
    assertThat(entries).extracting(SlaCalculator.Entry::state)
        .containsExactly(TimelineState.UP, TimelineState.DOWN, TimelineState.UP);
    assertThat(entries.get(1).planned()).isTrue();
    assertThat(entries.get(0).startMillis()).isEqualTo(from);
    assertThat(entries.get(2).endMillis()).isEqualTo(to);
  }
}
