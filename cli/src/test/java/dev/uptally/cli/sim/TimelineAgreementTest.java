package dev.uptally.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceTimeline;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.fleet.TimelineState;
import dev.uptally.common.device.OutageCause;
import dev.uptally.common.protocol.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's truth against the collector's own timeline rules ({@link DeviceTimeline}, a pure function): what
 * the simulated agents send must make the collector see what the machines did, up to one interval where the
 * collector can only know the last sample before an unannounced outage.
 */
class TimelineAgreementTest {

  static final long INTERVAL = 60_000;
  static final long GRACE = 3 * INTERVAL;

  @Test
  void theCollectorsTimelineOfEverySimulatedDeviceMatchesItsTruth() {
    long start = DeviceSimulationTest.START;
    long end = start + 30 * DeviceSimulationTest.DAY;
    int compared = 0;
    for (DeviceBehaviour d : DeviceSimulationTest.demoDevices()) {
      DeviceSimulation sim = new DeviceSimulation(d, INTERVAL, 13_000, start, end, 1);
      List<Sample> samples = DeviceSimulationTest.run(sim, end);
      DeviceTimeline rules = new DeviceTimeline(GRACE);
      List<TimelineInterval> seen = new ArrayList<>();
      DeviceProgress p = DeviceProgress.NONE;
      for (Sample s : samples) {
        // skew correction as the collector does it: receivedAt - sentAt is the device's skew (plus loopback delay)
        p = rules.apply(p, s.shifted(-d.clockSkewMillis()), seen, DeviceTimeline.PlannedCheck.NEVER);
      }
      TimelineInterval tail = rules.openTail(p, end);
      List<TruthInterval> truth = sim.truth().until(Instant.ofEpochMilli(end));
      List<TruthInterval> outages = truth.stream().filter(t -> t.kind() != TruthKind.UP).toList();
      assertThat(p.startMillis()).as(d.hostname()).isEqualTo(truth.get(0).start().toEpochMilli());
      boolean openAtEnd = !outages.isEmpty() && outages.get(outages.size() - 1).end().toEpochMilli() == end;
      List<TruthInterval> closedOutages = openAtEnd ? outages.subList(0, outages.size() - 1) : outages;
      assertThat(seen).as("%s: one collector interval per outage; truth %s", d.hostname(), closedOutages)
          .hasSameSizeAs(closedOutages);
      for (int i = 0; i < seen.size(); i++) {
        agree(d, closedOutages.get(i), seen.get(i));
        compared++;
      }
      if (openAtEnd) {
        agreeOpen(d, outages.get(outages.size() - 1), tail);
      } else if (tail != null) {
        assertThat(tail.endMillis() - tail.startMillis()).as("%s: tail while up", d.hostname()).isLessThan(INTERVAL);
      }
    }
    assertThat(compared).isGreaterThan(1000);
  }

  /**
   * An outage still running at the end is known to the collector only as far as the agent said: an OS shutdown, an
   * agent stop and a sleep (its suspend sample) were announced; a crash and a death look silent until evidence comes.
   */
  private static void agreeOpen(DeviceBehaviour d, TruthInterval truth, TimelineInterval seen) {
    String what = d.hostname() + ": open " + truth + " seen as " + seen;
    long ts = truth.start().toEpochMilli();
    if (seen == null) { // unannounced and younger than grace: the collector cannot know yet
      assertThat(truth.kind()).as(what).isIn(TruthKind.CRASH_DOWN, TruthKind.SILENT);
      assertThat(truth.end().toEpochMilli() - ts).as(what).isLessThanOrEqualTo(GRACE);
      return;
    }
    switch (truth.kind()) {
      case SHUTDOWN_DOWN -> {
        assertThat(seen.cause()).as(what).isEqualTo(OutageCause.SHUTDOWN);
        assertThat(seen.startMillis()).as(what).isEqualTo(ts);
      }
      case AGENT_GAP -> {
        assertThat(seen.state()).as(what).isEqualTo(TimelineState.UNKNOWN);
        assertThat(seen.startMillis()).as(what).isEqualTo(ts);
      }
      case ASLEEP -> {
        assertThat(seen.state()).as(what).isEqualTo(TimelineState.ASLEEP);
        assertThat(seen.startMillis()).as(what).isEqualTo(ts);
      }
      case CRASH_DOWN, SILENT -> {
        assertThat(seen.cause()).as(what).isEqualTo(OutageCause.SILENT);
        assertThat(seen.startMillis()).as(what).isBetween(ts - INTERVAL, ts);
      }
      case UP -> throw new AssertionError("up is not an outage: " + truth);
    }
  }

  private static void agree(DeviceBehaviour d, TruthInterval truth, TimelineInterval seen) {
    long ts = truth.start().toEpochMilli();
    long te = truth.end().toEpochMilli();
    String what = d.hostname() + ": " + truth + " seen as " + seen;
    assertThat(seen).as(what).isNotNull();
    switch (truth.kind()) {
      case CRASH_DOWN -> {
        assertThat(seen.cause()).as(what).isEqualTo(OutageCause.CRASH);
        assertThat(seen.startMillis()).as(what).isBetween(ts - INTERVAL, ts);
        assertThat(seen.endMillis()).as(what).isEqualTo(te);
      }
      case SHUTDOWN_DOWN -> {
        assertThat(seen.cause()).as(what).isEqualTo(OutageCause.SHUTDOWN);
        assertThat(seen.startMillis()).as(what).isEqualTo(ts);
        assertThat(seen.endMillis()).as(what).isEqualTo(te);
      }
      case ASLEEP -> {
        assertThat(seen.state()).as(what).isEqualTo(TimelineState.ASLEEP);
        assertThat(seen.startMillis()).as(what).isEqualTo(ts);
        assertThat(seen.endMillis()).as(what).isEqualTo(te);
      }
      case AGENT_GAP -> {
        assertThat(seen.state()).as(what).isEqualTo(TimelineState.UNKNOWN);
        assertThat(seen.startMillis()).as(what).isEqualTo(ts);
        assertThat(seen.endMillis()).as(what).isBetween(te, te + INTERVAL);
      }
      case SILENT -> {
        assertThat(seen.cause()).as(what).isEqualTo(OutageCause.SILENT);
        assertThat(seen.startMillis()).as(what).isBetween(ts - INTERVAL, ts);
      }
      case UP -> throw new AssertionError("up is not an outage: " + truth);
    }
  }
}
