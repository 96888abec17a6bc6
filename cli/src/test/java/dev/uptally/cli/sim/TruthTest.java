package dev.uptally.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TruthTest {

  static Instant at(long minutes) {
    return Instant.ofEpochMilli(minutes * 60_000);
  }

  @Test
  void historyIsContiguousFromTheFirstBootAndEndsAtNow() {
    Truth t = new Truth();
    t.start(0);
    t.record(TruthKind.CRASH_DOWN, 10 * 60_000, 15 * 60_000);
    t.record(TruthKind.ASLEEP, 20 * 60_000, 30 * 60_000);

    assertThat(t.until(at(40))).containsExactly(
        new TruthInterval(at(0), at(10), TruthKind.UP),
        new TruthInterval(at(10), at(15), TruthKind.CRASH_DOWN),
        new TruthInterval(at(15), at(20), TruthKind.UP),
        new TruthInterval(at(20), at(30), TruthKind.ASLEEP),
        new TruthInterval(at(30), at(40), TruthKind.UP));
  }

  @Test
  void anOutageReachingPastNowIsCutAtNow() {
    Truth t = new Truth();
    t.start(0);
    t.record(TruthKind.SHUTDOWN_DOWN, 10 * 60_000, 600 * 60_000);

    assertThat(t.until(at(12))).containsExactly(
        new TruthInterval(at(0), at(10), TruthKind.UP),
        new TruthInterval(at(10), at(12), TruthKind.SHUTDOWN_DOWN));
  }

  @Test
  void aDeadDeviceStaysSilentUntilWhateverNowIs() {
    Truth t = new Truth();
    t.start(0);
    t.recordOpen(TruthKind.SILENT, 5 * 60_000);

    assertThat(t.until(at(1000))).last().isEqualTo(new TruthInterval(at(5), at(1000), TruthKind.SILENT));
  }

  @Test
  void recordingBackInTimeIsABug() {
    Truth t = new Truth();
    t.start(0);
    t.record(TruthKind.ASLEEP, 20 * 60_000, 30 * 60_000);

    assertThatThrownBy(() -> t.record(TruthKind.CRASH_DOWN, 25 * 60_000, 26 * 60_000))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("before the open UP interval");
  }
}
