package dev.uptally.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.device.DeviceClass;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The truth model itself, on hand-written histories whose verdicts are worked out in the comments. */
class ContractTruthTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private final ContractTruth model = new ContractTruth(ContractTruth.Terms.DEMO, MINUTE);

  @Test
  void aWindowSpentShutDownIsMissedWithCauseShutdownAndWindowsBeforeTheFirstBootOrNotEndedAreNotJudged() {
    // first boot Tue 17 Nov 02:00, inside that night's window; Thu 26 Nov's window has not ended at now
    var d = device(DeviceClass.WORKSTATION, BERLIN, "2026-11-26T02:00",
        "2026-11-17T02:00", TruthKind.UP, "2026-11-23T18:00", TruthKind.SHUTDOWN_DOWN,
        "2026-11-24T07:30", TruthKind.UP);
    var windows = model.patchWindows(d, Instant.EPOCH, at(BERLIN, "2026-11-26T02:00"));
    assertThat(windows).extracting(w -> w.start().atZone(BERLIN).toLocalDateTime().toString())
        .containsExactly("2026-11-19T01:00", "2026-11-24T01:00");
    assertThat(windows.get(0).missed()).isFalse();
    assertThat(windows.get(0).upMillis()).isEqualTo(3 * HOUR);
    assertThat(windows.get(1)).satisfies(w -> {
      assertThat(w.cause()).isEqualTo("shutdown");
      assertThat(w.upMillis()).isZero();
      assertThat(w.end()).isEqualTo(at(BERLIN, "2026-11-24T04:00"));
      assertThat(w.clear()).isTrue();
    });
    assertThat(model.patchWindows(d, at(BERLIN, "2026-11-20T00:00"), at(BERLIN, "2026-11-26T02:00")))
        .hasSize(1);
  }

  @Test
  void theDominantCauseCoversMostOfTheWindowAndTiesGoInContractOrder() {
    var d = device(DeviceClass.LAPTOP, BERLIN, "2026-11-27T12:00",
        "2026-11-20T08:00", TruthKind.UP,
        // Tue: crash 100 min, up 20 min, asleep 60 min: missed, crash
        "2026-11-24T01:00", TruthKind.CRASH_DOWN, "2026-11-24T02:40", TruthKind.UP, "2026-11-24T03:00",
        TruthKind.ASLEEP, "2026-11-24T04:30", TruthKind.UP,
        // Thu: up 20 min, asleep 80 min, shut down 80 min: missed, shutdown by the tie-break, too close to call
        "2026-11-26T01:20", TruthKind.ASLEEP, "2026-11-26T02:40", TruthKind.SHUTDOWN_DOWN, "2026-11-26T04:00",
        TruthKind.UP);
    var windows = model.patchWindows(d, Instant.EPOCH, at(BERLIN, "2026-11-27T12:00"));
    assertThat(windows).hasSize(2);
    assertThat(windows.get(0).cause()).isEqualTo("crash");
    assertThat(windows.get(0).upMillis()).isEqualTo(20 * MINUTE);
    assertThat(windows.get(0).clear()).as("10 min from minOnline, 40 min between causes").isTrue();
    assertThat(windows.get(1).cause()).isEqualTo("shutdown");
    assertThat(windows.get(1).clear()).isFalse();
  }

  @Test
  void anOutageStillOpenAtTheLastSampleIsSilentAndUpTimeNearMinOnlineIsNotClear() {
    var d = new ContractTruth.Device("d", DeviceClass.SERVER, NEW_YORK, history(NEW_YORK, "2026-12-01T05:00",
        "2026-11-30T00:00", TruthKind.UP, "2026-12-01T01:29", TruthKind.CRASH_DOWN), at(NEW_YORK, "2026-12-01T01:28"));
    var w = model.patchWindows(d, Instant.EPOCH, at(NEW_YORK, "2026-12-01T05:00"));
    assertThat(w).singleElement().satisfies(x -> {
      assertThat(x.cause()).isEqualTo("silent");
      assertThat(x.upMillis()).isEqualTo(29 * MINUTE);
      assertThat(x.clear()).isFalse();
    });
    var heard = new ContractTruth.Device("d", DeviceClass.SERVER, NEW_YORK, history(NEW_YORK, "2026-12-01T05:00",
        "2026-11-30T00:00", TruthKind.UP, "2026-12-01T01:10", TruthKind.CRASH_DOWN, "2026-12-01T04:30", TruthKind.UP),
        at(NEW_YORK, "2026-12-01T04:31"));
    assertThat(model.patchWindows(heard, Instant.EPOCH, at(NEW_YORK, "2026-12-01T05:00")))
        .singleElement().satisfies(x -> assertThat(x.cause()).isEqualTo("crash"));
  }

  @Test
  void businessHoursCountOnlyWeekdaysFromEightToSix() {
    // Nov 2026 in New York: 21 weekdays (Thanksgiving is no holiday of the contract) = 210 h measured; a crash from
    // Friday 17:00 to Monday 09:00 is down for Friday 17-18 and Monday 8-9 only: 208/210 = 99.05 % >= 99 %
    var d = device(DeviceClass.WORKSTATION, NEW_YORK, "2026-12-03T12:00",
        "2026-11-02T07:00", TruthKind.UP, "2026-11-06T17:00", TruthKind.CRASH_DOWN, "2026-11-09T09:00", TruthKind.UP);
    var m = model.availability(d, YearMonth.of(2026, 11), at(NEW_YORK, "2026-12-03T12:00"));
    assertThat(m.start()).isEqualTo(at(NEW_YORK, "2026-11-01T00:00"));
    assertThat(m.end()).isEqualTo(at(NEW_YORK, "2026-12-01T00:00"));
    assertThat(m.measuredMillis()).isEqualTo(210 * HOUR);
    assertThat(m.downMillis()).isEqualTo(2 * HOUR);
    assertThat(m.below()).isFalse();
    assertThat(m.clear()).as("6 min of downtime from the allowance, margin 3 min").isTrue();
  }

  @Test
  void aHolidayIsNotInTheCalendar() {
    // Dec 2026: 23 weekdays less Christmas = 220 h; a crash on Christmas morning costs nothing
    var d = device(DeviceClass.LAPTOP, BERLIN, "2027-01-02T12:00",
        "2026-11-30T08:00", TruthKind.UP, "2026-12-25T10:00", TruthKind.CRASH_DOWN, "2026-12-25T12:00", TruthKind.UP);
    var m = model.availability(d, YearMonth.of(2026, 12), at(BERLIN, "2027-01-02T12:00"));
    assertThat(m.measuredMillis()).isEqualTo(220 * HOUR);
    assertThat(m.downMillis()).isZero();
  }

  @Test
  void maintenancePlansAnOutageThatStartsInsideItEvenPastItsEndAndUnknownIsNotMeasured() {
    // Nov 2026 in New York has 721 h (DST ends Nov 1); five Sundays of 2 h maintenance and a 3 h agent gap leave 708 h.
    // Sun Nov 8 03:00-07:00 started inside maintenance: planned. Sun Nov 15 01:00-03:00: 1 h before the window counts.
    var d = device(DeviceClass.SERVER, NEW_YORK, "2026-12-03T12:00",
        "2026-10-20T00:00", TruthKind.UP, "2026-11-08T03:00", TruthKind.CRASH_DOWN, "2026-11-08T07:00", TruthKind.UP,
        "2026-11-15T01:00", TruthKind.CRASH_DOWN, "2026-11-15T03:00", TruthKind.UP,
        "2026-11-18T10:00", TruthKind.AGENT_GAP, "2026-11-18T13:00", TruthKind.UP);
    var m = model.availability(d, YearMonth.of(2026, 11), at(NEW_YORK, "2026-12-03T12:00"));
    assertThat(m.measuredMillis()).isEqualTo(708 * HOUR);
    assertThat(m.downMillis()).isEqualTo(HOUR);
    assertThat(m.below()).as("707/708 = 99.86 %% < 99.9 %%").isTrue();
    assertThat(m.clear()).isTrue();
  }

  @Test
  void theMonthStartsAtTheDevicesFirstBoot() {
    // first boot Wed Nov 25 08:00 Berlin: Nov 25, 26, 27 and 30 = 40 h; two 30 min crashes: 39/40 = 97.5 % < 98 %;
    // a morning asleep is measured but not down
    var d = device(DeviceClass.LAPTOP, BERLIN, "2026-12-03T12:00",
        "2026-11-25T08:00", TruthKind.UP, "2026-11-26T09:00", TruthKind.ASLEEP, "2026-11-26T12:00", TruthKind.UP,
        "2026-11-27T10:00", TruthKind.CRASH_DOWN, "2026-11-27T10:30", TruthKind.UP,
        "2026-11-30T10:00", TruthKind.CRASH_DOWN, "2026-11-30T10:30", TruthKind.UP);
    var m = model.availability(d, YearMonth.of(2026, 11), at(BERLIN, "2026-12-03T12:00"));
    assertThat(m.measuredMillis()).isEqualTo(40 * HOUR);
    assertThat(m.downMillis()).isEqualTo(HOUR);
    assertThat(m.below()).isTrue();
    assertThat(m.clear()).isTrue();
  }

  private static ContractTruth.Device device(DeviceClass cls, ZoneId zone, String now, Object... startsAndKinds) {
    return new ContractTruth.Device("d", cls, zone, history(zone, now, startsAndKinds), at(zone, now));
  }

  /** Alternating local start time and kind; each interval ends where the next starts, the last at {@code now}. */
  private static List<TruthInterval> history(ZoneId zone, String now, Object... startsAndKinds) {
    List<TruthInterval> out = new ArrayList<>();
    for (int i = 0; i < startsAndKinds.length; i += 2) {
      Instant end = i + 2 < startsAndKinds.length ? at(zone, (String) startsAndKinds[i + 2]) : at(zone, now);
      out.add(new TruthInterval(at(zone, (String) startsAndKinds[i]), end, (TruthKind) startsAndKinds[i + 1]));
    }
    return out;
  }

  private static Instant at(ZoneId zone, String local) {
    return LocalDateTime.parse(local).atZone(zone).toInstant();
  }
}
