package dev.uptally.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.SampleEvent;
import dev.uptally.common.protocol.ShutdownReason;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeviceSimulationTest {

  static final long START = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();
  static final long DAY = 86_400_000L;

  static List<Sample> run(DeviceSimulation sim, long until) {
    List<Sample> all = new ArrayList<>();
    while (true) {
      List<Sample> chunk = sim.until(until, 1000);
      if (chunk.isEmpty()) {
        return all;
      }
      all.addAll(chunk);
    }
  }

  static DeviceSimulation sim(DeviceBehaviour d, long intervalMillis, long days) {
    return new DeviceSimulation(d, intervalMillis, 7_000, START, START + days * DAY, 1);
  }

  static List<DeviceBehaviour> demoDevices() {
    return FleetProfile.demo(11, FleetProfileTest.TOKENS).devices();
  }

  @Test
  void sameSeedGivesTheSameSamplesAndTheSameTruth() {
    for (DeviceBehaviour d : demoDevices().subList(0, 20)) {
      DeviceSimulation a = sim(d, 30_000, 10);
      DeviceSimulation b = sim(d, 30_000, 10);
      assertThat(run(a, START + 10 * DAY)).isEqualTo(run(b, START + 10 * DAY));
      Instant end = Instant.ofEpochMilli(START + 10 * DAY);
      assertThat(a.truth().until(end)).isEqualTo(b.truth().until(end));
    }
  }

  @Test
  void howGenerationIsChunkedDoesNotChangeTheSamples() {
    for (DeviceBehaviour d : demoDevices().subList(100, 115)) {
      List<Sample> whole = run(sim(d, 30_000, 7), START + 7 * DAY);
      DeviceSimulation stepwise = sim(d, 30_000, 7);
      List<Sample> pieces = new ArrayList<>();
      for (long t = START; t <= START + 7 * DAY; t += 47_000) {
        pieces.addAll(stepwise.until(t, 3));
      }
      pieces.addAll(run(stepwise, START + 7 * DAY));
      assertThat(pieces).as(d.hostname()).isEqualTo(whole);
    }
  }

  @Test
  void everyDeviceStreamKeepsTheProtocolAndAgreesWithItsTruth() {
    long end = START + 30 * DAY;
    Set<TruthKind> seen = EnumSet.noneOf(TruthKind.class);
    for (DeviceBehaviour d : demoDevices()) {
      DeviceSimulation sim = sim(d, 300_000, 30);
      List<Sample> samples = run(sim, end);
      SampleInvariants.checkStream(d, samples, 300_000);
      List<TruthInterval> truth = sim.truth().until(Instant.ofEpochMilli(end + 1));
      SampleInvariants.checkAgainstTruth(d, samples, truth);
      truth.forEach(i -> seen.add(i.kind()));
    }
    assertThat(seen).containsExactlyInAnyOrder(TruthKind.values());
  }

  @Test
  void healthIsOnEveryTenthHistorySampleAndOnEveryLiveSample() {
    DeviceBehaviour d = demoDevices().get(0);
    DeviceSimulation sim = sim(d, 30_000, 2);
    List<Sample> history = run(sim, START + DAY);
    assertThat(history).filteredOn(s -> s.event() == null && s.seq() % 10 != 0)
        .allSatisfy(s -> assertThat(s.health()).isNull());
    assertThat(history).filteredOn(s -> s.seq() % 10 == 0 && s.event() != SampleEvent.SHUTDOWN)
        .allSatisfy(s -> assertThat(s.health()).isNotNull());
    sim.healthEvery(1);
    assertThat(run(sim, START + 2 * DAY)).filteredOn(s -> s.event() != SampleEvent.SHUTDOWN)
        .allSatisfy(s -> assertThat(s.health()).isNotNull());
  }

  @Test
  void skewedClockShiftsEverySampleTimeByTheSkew() {
    DeviceBehaviour d = demoDevices().stream().filter(b -> b.deviceClass() == DeviceClass.LAPTOP).findFirst()
        .orElseThrow();
    DeviceBehaviour skewed = withSkew(d, -7 * 60_000L);
    DeviceBehaviour exact = withSkew(d, 0);
    List<Sample> a = run(sim(skewed, 30_000, 14), START + 14 * DAY);
    List<Sample> b = run(sim(exact, 30_000, 14), START + 14 * DAY);
    assertThat(a).hasSameSizeAs(b);
    assertThat(a).filteredOn(s -> s.event() == SampleEvent.RESUME).isNotEmpty();
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).shifted(7 * 60_000L)).isEqualTo(b.get(i));
    }
  }

  @Test
  void serverRebootsOnlyInsideTheSundayMaintenanceWindow() {
    for (DeviceBehaviour d : demoDevices()) {
      if (d.deviceClass() != DeviceClass.SERVER) {
        continue;
      }
      List<Sample> samples = run(sim(d, 300_000, 60), START + 60 * DAY);
      for (Sample s : samples) {
        if (s.event() == SampleEvent.SHUTDOWN && s.reason() == ShutdownReason.OS) {
          ZonedDateTime local = Instant.ofEpochMilli(s.time() - d.clockSkewMillis()).atZone(d.zone());
          assertThat(local.getDayOfWeek()).as("%s shutdown at %s", d.hostname(), local).isEqualTo(DayOfWeek.SUNDAY);
          assertThat(local.getHour()).as("%s shutdown at %s", d.hostname(), local).isBetween(2, 3);
        }
      }
    }
  }

  @Test
  void workstationsShutDownInTheEveningAndBootInTheMorning() {
    int evenings = 0;
    for (DeviceBehaviour d : demoDevices()) {
      if (d.deviceClass() != DeviceClass.WORKSTATION) {
        continue;
      }
      List<Sample> samples = run(sim(d, 300_000, 14), START + 14 * DAY);
      for (int i = 0; i + 1 < samples.size(); i++) {
        Sample s = samples.get(i);
        if (s.event() == SampleEvent.SHUTDOWN && s.reason() == ShutdownReason.OS) {
          ZonedDateTime off = Instant.ofEpochMilli(s.time() - d.clockSkewMillis()).atZone(d.zone());
          ZonedDateTime boot = Instant.ofEpochMilli(samples.get(i + 1).bootTime() - d.clockSkewMillis())
              .atZone(d.zone());
          assertThat(off.getHour()).as("%s off at %s", d.hostname(), off).isBetween(17, 20);
          assertThat(boot.getHour()).as("%s boot at %s", d.hostname(), boot).isBetween(6, 9);
          assertThat(boot.toLocalDate()).isAfter(off.toLocalDate());
          evenings++;
        }
      }
    }
    assertThat(evenings).isGreaterThan(100);
  }

  @Test
  void aDeviceThatDiesStaysSilentUntilNow() {
    DeviceBehaviour d = demoDevices().stream().filter(b -> b.diesAtFraction() != null).findFirst().orElseThrow();
    DeviceSimulation sim = sim(d, 30_000, 10);
    List<Sample> samples = run(sim, START + 10 * DAY);
    assertThat(sim.dead()).isTrue();
    long last = samples.get(samples.size() - 1).time() - d.clockSkewMillis();
    assertThat(last).isLessThan(START + 10 * DAY - DAY / 2);
    assertThat(sim.until(START + 40 * DAY, 1000)).isEmpty();
    List<TruthInterval> truth = sim.truth().until(Instant.ofEpochMilli(START + 40 * DAY));
    TruthInterval tail = truth.get(truth.size() - 1);
    assertThat(tail.kind()).isEqualTo(TruthKind.SILENT);
    assertThat(tail.end()).isEqualTo(Instant.ofEpochMilli(START + 40 * DAY));
  }

  @Test
  void someWorkstationsMissTheTuesdayAndThursdayPatchWindowWhileOthersKeepIt() {
    int kept = 0;
    int missed = 0;
    for (DeviceBehaviour d : demoDevices()) {
      if (d.deviceClass() != DeviceClass.WORKSTATION) {
        continue;
      }
      DeviceSimulation sim = sim(d, 300_000, 28);
      run(sim, START + 28 * DAY);
      List<TruthInterval> truth = sim.truth().until(Instant.ofEpochMilli(START + 28 * DAY));
      for (java.time.LocalDate day = Instant.ofEpochMilli(START + DAY).atZone(d.zone()).toLocalDate();
          day.isBefore(Instant.ofEpochMilli(START + 27 * DAY).atZone(d.zone()).toLocalDate()); day = day.plusDays(1)) {
        if (day.getDayOfWeek() != DayOfWeek.TUESDAY && day.getDayOfWeek() != DayOfWeek.THURSDAY) {
          continue;
        }
        long from = day.atTime(1, 0).atZone(d.zone()).toInstant().toEpochMilli();
        long to = day.atTime(4, 0).atZone(d.zone()).toInstant().toEpochMilli();
        long upMillis = truth.stream().filter(i -> i.kind() == TruthKind.UP)
            .mapToLong(i -> Math.max(0, Math.min(to, i.end().toEpochMilli()) - Math.max(from, i.start().toEpochMilli())))
            .sum();
        if (upMillis >= 30 * 60_000L) {
          kept++;
        } else {
          missed++;
        }
      }
    }
    assertThat(missed).isGreaterThan(50);
    assertThat(kept).isGreaterThan(50);
  }

  static DeviceBehaviour withSkew(DeviceBehaviour d, long skewMillis) {
    return new DeviceBehaviour(d.deviceId(), d.clientId(), d.deviceClass(), d.hostname(), d.zone(), d.hardware(),
        d.serial(), d.driveSerial(), d.mac(), d.ipv4(), d.crashesPerDay(), d.nightlyOffProbability(), d.sleeper(),
        d.agentGapsPerWeek(), d.networkLossesPerDay(), skewMillis, d.diesAtFraction(),
        d.maintenanceRebootProbability(), d.health(), d.seed());
  }
}
