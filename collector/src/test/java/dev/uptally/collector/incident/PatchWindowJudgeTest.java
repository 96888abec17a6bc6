package dev.uptally.collector.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.fleet.TimelineState;
import dev.uptally.common.device.OutageCause;
import dev.uptally.common.time.TimeRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchWindowJudgeTest {

  private static final long MIN = 60_000;
  /** A 180-minute window from minute 1000. */
  private static final TimeRange WINDOW = new TimeRange(1000 * MIN, 1180 * MIN);

  private static TimelineInterval down(long fromMin, long toMin, OutageCause cause) {
    return new TimelineInterval(fromMin * MIN, toMin * MIN, TimelineState.DOWN, cause);
  }

  private static TimelineInterval of(long fromMin, long toMin, TimelineState state) {
    return new TimelineInterval(fromMin * MIN, toMin * MIN, state, null);
  }

  @Test
  void upThroughoutIsCompliantWithoutCause() {
    PatchWindowVerdict v = PatchWindowJudge.judge(WINDOW, List.of(down(900, 1000, OutageCause.CRASH)), 30 * MIN);
    assertThat(v.upMillis()).isEqualTo(180 * MIN);
    assertThat(v.compliant()).isTrue();
    assertThat(v.cause()).isNull();
  }

  @Test
  void exactlyMinOnlineIsEnough() {
    PatchWindowVerdict v = PatchWindowJudge.judge(WINDOW, List.of(down(990, 1150, OutageCause.SHUTDOWN)), 30 * MIN);
    assertThat(v.upMillis()).isEqualTo(30 * MIN);
    assertThat(v.compliant()).isTrue();
  }

  @Test
  void dominantCauseIsTheLongestInsideTheWindowNotOverall() {
    // asleep 80 min of which 40 inside; unknown 65 inside; silent tail 60 inside
    PatchWindowVerdict v = PatchWindowJudge.judge(WINDOW, List.of(of(960, 1040, TimelineState.ASLEEP),
        of(1045, 1110, TimelineState.UNKNOWN), down(1120, 2000, OutageCause.SILENT)), 30 * MIN);
    assertThat(v.upMillis()).isEqualTo((180 - 40 - 65 - 60) * MIN);
    assertThat(v.compliant()).isFalse();
    assertThat(v.cause()).isEqualTo("unknown");
  }

  @Test
  void tiesGoToTheEarlierCauseOfTheDesignsList() {
    PatchWindowVerdict v = PatchWindowJudge.judge(WINDOW, List.of(down(1000, 1090, OutageCause.CRASH),
        of(1090, 1180, TimelineState.ASLEEP)), 30 * MIN);
    assertThat(v.upMillis()).isZero();
    assertThat(v.cause()).isEqualTo("asleep");
  }

  @Test
  void overlappingIntervalsAreNotCountedTwice() {
    PatchWindowVerdict v = PatchWindowJudge.judge(WINDOW, List.of(down(1000, 1100, OutageCause.SILENT),
        down(1050, 1120, OutageCause.CRASH)), 30 * MIN);
    assertThat(v.upMillis()).isEqualTo(60 * MIN);
    assertThat(v.cause()).isEqualTo("silent");
  }
}
