package dev.uptally.collector.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.device.OutageCause;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.ShutdownReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceTimelineTest {

  private static final long S = 1000;
  private static final long MIN = 60 * S;
  private static final long T0 = 1_764_000_000_000L;
  private static final long BOOT = T0 - 3_600 * S;
  private final DeviceTimeline timeline = new DeviceTimeline(90 * S);
  private final List<TimelineInterval> closed = new ArrayList<>();

  private DeviceProgress feed(Sample... samples) {
    DeviceProgress p = DeviceProgress.NONE;
    for (Sample s : samples) {
      p = timeline.apply(p, s, closed, DeviceTimeline.PlannedCheck.NEVER);
    }
    return p;
  }

  @Test
  void timelineOfAStartupEventBeginsAtTheBoot() {
    DeviceProgress p = feed(Sample.startup(0, T0, BOOT, null, null));
    assertThat(p.startMillis()).isEqualTo(BOOT);
    assertThat(feed(Sample.heartbeat(0, T0, BOOT, null)).startMillis()).isEqualTo(T0);
  }

  @Test
  void regularHeartbeatsCloseNothing() {
    DeviceProgress p = feed(Sample.heartbeat(0, T0, BOOT, null), Sample.heartbeat(1, T0 + 30 * S, BOOT, null),
        Sample.heartbeat(2, T0 + 60 * S, BOOT, null));
    assertThat(closed).isEmpty();
    assertThat(p.lastSeq()).isEqualTo(2);
    assertThat(p.lastSampleMillis()).isEqualTo(T0 + 60 * S);
  }

  @Test
  void newBootWithoutShutdownIsACrashFromLastSampleToBoot() {
    long newBoot = T0 + 10 * MIN;
    DeviceProgress p = feed(Sample.heartbeat(0, T0, BOOT, null), Sample.startup(1, newBoot + MIN, newBoot, null, null));
    assertThat(closed).containsExactly(new TimelineInterval(T0, newBoot, TimelineState.DOWN, OutageCause.CRASH));
    assertThat(p.totals().failures()).isEqualTo(1);
    assertThat(p.totals().crashMillis()).isEqualTo(10 * MIN);
  }

  @Test
  void newBootAfterOrderlyShutdownIsDownByShutdownAndNoFailure() {
    long newBoot = T0 + 10 * MIN;
    DeviceProgress p = feed(Sample.heartbeat(0, T0, BOOT, null), Sample.shutdown(1, T0 + S, BOOT, ShutdownReason.OS),
        Sample.startup(2, newBoot + MIN, newBoot, null, null));
    assertThat(closed).containsExactly(new TimelineInterval(T0 + S, newBoot, TimelineState.DOWN, OutageCause.SHUTDOWN));
    assertThat(p.totals().failures()).isZero();
    assertThat(p.pendingShutdown()).isNull();
  }

  @Test
  void crashInsideMaintenanceIsNotCountedAsFailure() {
    long newBoot = T0 + 10 * MIN;
    DeviceProgress p = timeline.apply(feed(Sample.heartbeat(0, T0, BOOT, null)),
        Sample.startup(1, newBoot + MIN, newBoot, null, null), closed, start -> start == T0);
    assertThat(closed).hasSize(1);
    assertThat(p.totals().failures()).isZero();
  }

  @Test
  void sameBootGapLongerThanGraceIsUnknown() {
    feed(Sample.heartbeat(0, T0, BOOT, null), Sample.heartbeat(1, T0 + 3 * 3600 * S, BOOT, null));
    assertThat(closed).containsExactly(new TimelineInterval(T0, T0 + 3 * 3600 * S, TimelineState.UNKNOWN, null));
  }

  @Test
  void bootTimeJitterIsNotANewBoot() {
    feed(Sample.heartbeat(0, T0, BOOT, null), Sample.heartbeat(1, T0 + 30 * S, BOOT + 2 * S, null));
    assertThat(closed).isEmpty();
  }

  @Test
  void resumeIsAsleepExactlyOverTheSleep() {
    long from = T0 + 10 * S;
    long until = T0 + 8 * 3600 * S;
    feed(Sample.heartbeat(0, T0, BOOT, null), Sample.resume(1, until + S, BOOT, from, until, null));
    assertThat(closed).containsExactly(new TimelineInterval(from, until, TimelineState.ASLEEP, null));
  }

  @Test
  void openTailIsSilentOnlyAfterGrace() {
    DeviceProgress p = feed(Sample.heartbeat(0, T0, BOOT, null));
    assertThat(timeline.openTail(p, T0 + 90 * S)).isNull();
    assertThat(timeline.openTail(p, T0 + 91 * S))
        .isEqualTo(new TimelineInterval(T0, T0 + 91 * S, TimelineState.DOWN, OutageCause.SILENT));
    assertThat(timeline.silenceDeadline(p)).isEqualTo(T0 + 90 * S);
  }

  @Test
  void openTailAfterShutdownIsDownOrUnknownAtOnceAndNeverSilent() {
    DeviceProgress os = feed(Sample.shutdown(0, T0, BOOT, ShutdownReason.OS));
    assertThat(timeline.openTail(os, T0 + S).cause()).isEqualTo(OutageCause.SHUTDOWN);
    assertThat(timeline.silenceDeadline(os)).isEqualTo(Long.MAX_VALUE);
    DeviceProgress agent = feed(Sample.shutdown(0, T0, BOOT, ShutdownReason.AGENT));
    assertThat(timeline.openTail(agent, T0 + S).state()).isEqualTo(TimelineState.UNKNOWN);
  }

  @Test
  void agentStoppedThenRestartedOnSameBootIsUnknown() {
    feed(Sample.shutdown(0, T0, BOOT, ShutdownReason.AGENT), Sample.startup(1, T0 + 3600 * S, BOOT, null, null));
    assertThat(closed).containsExactly(new TimelineInterval(T0, T0 + 3600 * S, TimelineState.UNKNOWN, null));
  }

  @Test
  void deviceClockSteppingBackDoesNotMakeTimeRunBackwards() {
    DeviceProgress p = feed(Sample.heartbeat(0, T0, BOOT, null), Sample.heartbeat(1, T0 - 5 * MIN, BOOT, null));
    assertThat(closed).isEmpty();
    assertThat(p.lastSampleMillis()).isEqualTo(T0);
  }

  @Test
  void suspendMakesTheOpenTailAsleepAtOnceAndNeverSilent() {
    DeviceProgress p = feed(Sample.heartbeat(0, T0, BOOT, null), Sample.suspend(1, T0 + 10 * S, BOOT, null));
    assertThat(p.suspended()).isTrue();
    assertThat(timeline.openTail(p, T0 + 11 * S)).isEqualTo(new TimelineInterval(T0 + 10 * S, T0 + 11 * S,
        TimelineState.ASLEEP, null));
    assertThat(timeline.openTail(p, T0 + 12 * 3600 * S).state()).isEqualTo(TimelineState.ASLEEP);
    assertThat(timeline.silenceDeadline(p)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void resumeAfterSuspendIsAsleepOverTheReportedSleepAndClearsTheSuspend() {
    long from = T0 + 10 * S;
    long until = T0 + 8 * 3600 * S;
    DeviceProgress p = feed(Sample.heartbeat(0, T0, BOOT, null), Sample.suspend(1, from, BOOT, null),
        Sample.resume(2, until + S, BOOT, from, until, null));
    assertThat(closed).containsExactly(new TimelineInterval(from, until, TimelineState.ASLEEP, null));
    assertThat(p.suspended()).isFalse();
    assertThat(p.totals().failures()).isZero();
    assertThat(timeline.silenceDeadline(p)).isEqualTo(until + S + 90 * S);
  }

  @Test
  void newBootAfterSuspendIsDownByShutdownAndNoFailure() {
    long newBoot = T0 + 9 * 3600 * S;
    DeviceProgress p = feed(Sample.heartbeat(0, T0, BOOT, null), Sample.suspend(1, T0 + S, BOOT, null),
        Sample.startup(2, newBoot + MIN, newBoot, null, null));
    assertThat(closed).containsExactly(new TimelineInterval(T0 + S, newBoot, TimelineState.DOWN, OutageCause.SHUTDOWN));
    assertThat(p.totals().failures()).isZero();
    assertThat(p.suspended()).isFalse();
  }

  @Test
  void sameBootAfterSuspendWithoutResumeIsAsleepOverTheGap() {
    long back = T0 + 5 * 3600 * S;
    feed(Sample.heartbeat(0, T0, BOOT, null), Sample.suspend(1, T0 + S, BOOT, null), Sample.heartbeat(2, back, BOOT, null));
    assertThat(closed).containsExactly(new TimelineInterval(T0 + S, back, TimelineState.ASLEEP, null));
  }

  @Test
  void aHeartbeatSoonAfterASuspendThatDidNotHappenIsUp() {
    DeviceProgress p = feed(Sample.heartbeat(0, T0, BOOT, null), Sample.suspend(1, T0 + S, BOOT, null),
        Sample.heartbeat(2, T0 + 31 * S, BOOT, null));
    assertThat(closed).isEmpty();
    assertThat(p.suspended()).isFalse();
    assertThat(timeline.openTail(p, T0 + 32 * S)).isNull();
  }
}
