package dev.uptally.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.agent.testing.ManualClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SleepDetectorTest {

  private static final long T0 = 1_764_000_000_000L;
  private final ManualClock clock = new ManualClock(T0);
  private final SleepDetector detector = new SleepDetector(Duration.ofSeconds(20));

  /** Without a suspend-aware clock (macOS, Windows): sleep is told from the wall clock. */
  private Optional<SleepGap> observe() {
    return detector.observe(clock.millis(), clock.nanoTime());
  }

  /** With one (Linux's CLOCK_BOOTTIME). */
  private Optional<SleepGap> observeWithBootClock() {
    return detector.observe(clock.millis(), clock.nanoTime(), clock.suspendAwareMillis());
  }

  @Test
  void withASuspendAwareClockAWallClockSteppedForwardIsNotSleep() {
    observeWithBootClock();
    clock.advance(Duration.ofSeconds(5));
    clock.stepWall(Duration.ofHours(3)); // NTP steps the clock of a board without a battery-backed clock
    clock.advance(Duration.ofSeconds(5));
    assertThat(observeWithBootClock()).isEmpty();
    clock.advance(Duration.ofSeconds(30));
    assertThat(observeWithBootClock()).isEmpty();
  }

  @Test
  void withASuspendAwareClockSleepIsTheTimeSuspendedEndingNowWhateverTheWallClockDid() {
    observeWithBootClock();
    clock.advance(Duration.ofSeconds(5));
    observeWithBootClock();
    clock.advance(Duration.ofSeconds(1));
    clock.sleep(Duration.ofHours(7));
    clock.stepWall(Duration.ofMinutes(-10)); // set back while asleep
    clock.advance(Duration.ofSeconds(2));
    long now = clock.millis();

    assertThat(observeWithBootClock()).contains(new SleepGap(now - Duration.ofHours(7).toMillis(), now));
    clock.advance(Duration.ofSeconds(5));
    assertThat(observeWithBootClock()).as("reported once").isEmpty();
  }

  @Test
  void procUptimeIsReadInMillisecondsAndAnUnreadableOneIsNoClock(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path uptime = dir.resolve("uptime");
    java.nio.file.Files.writeString(uptime, "350735.47 689283.68\n");
    assertThat(dev.uptally.agent.clock.AgentClock.uptimeMillis(uptime)).isEqualTo(350_735_470L);
    java.nio.file.Files.writeString(uptime, "not a number\n");
    assertThat(dev.uptally.agent.clock.AgentClock.uptimeMillis(uptime)).isEqualTo(-1);
    assertThat(dev.uptally.agent.clock.AgentClock.uptimeMillis(dir.resolve("missing"))).isEqualTo(-1);
  }

  @Test
  void timePassingNormallyIsNotSleep() {
    observe();
    for (int i = 0; i < 100; i++) {
      clock.advance(Duration.ofSeconds(30));
      assertThat(observe()).isEmpty();
    }
  }

  @Test
  void wallClockJumpingAheadOfTheMonotonicClockIsSleepFromTheLastWallTimeSeen() {
    observe();
    clock.advance(Duration.ofSeconds(5));
    observe();
    long lastSeen = clock.millis();
    clock.sleep(Duration.ofHours(7));
    clock.advance(Duration.ofSeconds(2));

    assertThat(observe()).contains(new SleepGap(lastSeen, clock.millis()));
    clock.advance(Duration.ofSeconds(5));
    assertThat(observe()).as("reported once").isEmpty();
  }

  @Test
  void smallClockStepsBelowTheThresholdAreNotSleep() {
    observe();
    clock.stepWall(Duration.ofSeconds(19));
    clock.advance(Duration.ofSeconds(5));
    assertThat(observe()).isEmpty();
  }

  @Test
  void wallClockSteppedBackwardsIsNeverSleep() {
    observe();
    clock.stepWall(Duration.ofHours(-2));
    clock.advance(Duration.ofSeconds(5));
    assertThat(observe()).isEmpty();
  }

  @Test
  void theFirstObservationOnlyPrimesTheDetector() {
    clock.sleep(Duration.ofHours(1));
    assertThat(observe()).isEmpty();
  }
}
