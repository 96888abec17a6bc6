package dev.uptally.cli.sim;

import static dev.uptally.cli.sim.DeviceSimulationTest.DAY;
import static dev.uptally.cli.sim.DeviceSimulationTest.START;
import static dev.uptally.cli.sim.DeviceSimulationTest.demoDevices;
import static dev.uptally.cli.sim.DeviceSimulationTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.SampleEvent;
import dev.uptally.common.protocol.ShutdownReason;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Drive failures, breakdowns and decommissionings in one device's sample stream and truth. */
class LifecycleSimulationTest {

  private static final long INTERVAL = 60_000;
  private static final LifecycleOptions DEMO = LifecycleOptions.demo("lifecycle-test-token");

  private static DeviceSimulation sim(DeviceBehaviour d, LifecycleOptions options, long days) {
    return new DeviceSimulation(d, INTERVAL, 7_000, START, START + days * DAY, 1, options, false);
  }

  @Test
  void aFailedDriveCrashesTheMachineAndItsNextBootListsTheNewSerial() {
    LifecycleOptions often = new LifecycleOptions("t", 0.5, 0, 0);
    DeviceBehaviour d = demoDevices().get(20);
    DeviceSimulation s = sim(d, often, 10);
    List<Sample> samples = run(s, START + 10 * DAY);
    List<Inventory> inventories = samples.stream().filter(x -> x.inventory() != null).map(Sample::inventory).toList();
    List<Truth.DriveLife> drives = s.truth().drives();

    assertThat(drives.size()).as("drives fitted in 10 days at 0.5 failures a day").isGreaterThan(2);
    assertThat(inventories).extracting(i -> i.drives().get(0).serial())
        .containsExactlyElementsOf(drives.stream().map(Truth.DriveLife::serial).toList());
    assertThat(drives.get(0).serial()).isEqualTo(d.driveSerial());
    for (int i = 0; i + 1 < drives.size(); i++) {
      Truth.DriveLife old = drives.get(i);
      assertThat(old.failed()).isTrue();
      assertThat(old.removedAt()).isEqualTo(drives.get(i + 1).listedFrom());
      // the failure is a crash: down until the boot that brought the new drive
      assertThat(s.truth().until(Instant.ofEpochMilli(START + 10 * DAY))).anyMatch(t -> t.kind() == TruthKind.CRASH_DOWN
          && !t.end().isAfter(old.removedAt()) && old.removedAt().toEpochMilli() - t.end().toEpochMilli() <= 90_000 + INTERVAL);
    }
    assertThat(drives.get(drives.size() - 1).removedAt()).isNull();
    assertThat(drives).extracting(Truth.DriveLife::sizeBytes).containsOnly(d.hardware().driveSizeBytes());
  }

  @Test
  void aBrokenDownLaptopFallsSilentAndIsHandedOverLater() {
    LifecycleOptions breaks = new LifecycleOptions("t", 0, 0.5, 0);
    DeviceBehaviour laptop = demoDevices().stream().filter(b -> b.deviceClass() == DeviceClass.LAPTOP
        && b.diesAtFraction() == null).findFirst().orElseThrow();
    DeviceSimulation s = sim(laptop, breaks, 10);
    List<Sample> samples = run(s, START + 10 * DAY);

    DeviceSimulation.Ending e = s.ending();
    assertThat(e).isNotNull();
    assertThat(e.end()).isEqualTo(LifecyclePlan.End.BREAKDOWN);
    assertThat(s.dead()).isTrue();
    assertThat(samples.get(samples.size() - 1).time() - laptop.clockSkewMillis()).isLessThanOrEqualTo(e.atMillis());
    assertThat(e.handOverMillis() - e.atMillis()).isBetween(20 * 3_600_000L, 72 * 3_600_000L);
    List<TruthInterval> truth = s.truth().until(Instant.ofEpochMilli(START + 10 * DAY));
    assertThat(truth.get(truth.size() - 1).kind()).isEqualTo(TruthKind.SILENT);
    assertThat(truth.get(truth.size() - 1).start().toEpochMilli()).isEqualTo(e.atMillis());
  }

  @Test
  void aDecommissionedMachineShutsDownForGood() {
    LifecycleOptions ends = new LifecycleOptions("t", 0, 0, 0.5);
    DeviceBehaviour ws = demoDevices().stream().filter(b -> b.deviceClass() == DeviceClass.WORKSTATION
        && b.diesAtFraction() == null).findFirst().orElseThrow();
    DeviceSimulation s = sim(ws, ends, 10);
    List<Sample> samples = run(s, START + 10 * DAY);

    assertThat(s.ending().end()).isEqualTo(LifecyclePlan.End.DECOMMISSION);
    Sample last = samples.get(samples.size() - 1);
    assertThat(last.event()).isEqualTo(SampleEvent.SHUTDOWN);
    assertThat(last.reason()).isEqualTo(ShutdownReason.OS);
    assertThat(s.ending().handOverMillis()).isEqualTo(s.ending().atMillis());
  }

  @Test
  void serversAreNeverDecommissionedAndOnlyLaptopsBreakDown() {
    LifecycleOptions ends = new LifecycleOptions("t", 0, 1, 1);
    for (DeviceBehaviour d : demoDevices().subList(0, 40)) {
      DeviceSimulation s = sim(d, ends, 10);
      run(s, START + 10 * DAY);
      if (d.deviceClass() == DeviceClass.SERVER) {
        assertThat(s.ending()).as(d.hostname()).isNull();
      } else if (d.deviceClass() == DeviceClass.WORKSTATION && s.ending() != null) {
        assertThat(s.ending().end()).as(d.hostname()).isEqualTo(LifecyclePlan.End.DECOMMISSION);
      }
    }
  }

  @Test
  void withoutLifecycleTheSamplesAreThoseOfBefore() {
    for (DeviceBehaviour d : demoDevices().subList(30, 45)) {
      List<Sample> plain = run(new DeviceSimulation(d, INTERVAL, 7_000, START, START + 7 * DAY, 1), START + 7 * DAY);
      LifecycleOptions never = new LifecycleOptions("t", 0, 0, 0);
      assertThat(run(sim(d, never, 7), START + 7 * DAY)).as(d.hostname()).isEqualTo(plain);
    }
  }

  @Test
  void theDemoRatesShowEveryKindInAWeekOfTheDemoFleet() {
    int swaps = 0;
    int breakdowns = 0;
    int decommissions = 0;
    for (DeviceBehaviour d : FleetProfile.demo(42, FleetProfileTest.TOKENS).devices()) {
      DeviceSimulation s = sim(d, DEMO, 7);
      run(s, START + 7 * DAY);
      swaps += (int) s.truth().drives().stream().filter(x -> x.removedAt() != null).count();
      if (s.ending() != null && s.ending().end() == LifecyclePlan.End.BREAKDOWN) {
        breakdowns++;
      } else if (s.ending() != null) {
        decommissions++;
      }
    }
    System.out.printf(Locale.ROOT, "demo fleet, seed 42, 7 days: %d drive swaps, %d breakdowns, %d decommissioned%n",
        swaps, breakdowns, decommissions);
    assertThat(swaps).isGreaterThanOrEqualTo(2);
    assertThat(breakdowns).isGreaterThanOrEqualTo(1);
    assertThat(decommissions).isGreaterThanOrEqualTo(1);
  }
}
