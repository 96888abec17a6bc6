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

  private Optional<SleepGap> observe() {
    return detector.observe(clock.millis(), clock.nanoTime());
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
