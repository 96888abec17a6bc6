package dev.uptally.agent.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(1),
      new SplittableRandom(42));

  @Test
  void ceilingDoublesPerFailureUpToTheCap() {
    assertThat(backoff.ceilingMillis(1)).isEqualTo(2_000);
    assertThat(backoff.ceilingMillis(2)).isEqualTo(4_000);
    assertThat(backoff.ceilingMillis(5)).isEqualTo(32_000);
    assertThat(backoff.ceilingMillis(9)).isEqualTo(300_000);
    assertThat(backoff.ceilingMillis(200)).isEqualTo(300_000);
  }

  @Test
  void waitsAreFullyJitteredBetweenTheFloorAndTheCeiling() {
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 1; i <= 2000; i++) {
      long wait = backoff.next().toMillis();
      assertThat(wait).isBetween(1_000L, backoff.ceilingMillis(i));
      if (i > 20) {
        min = Math.min(min, wait);
        max = Math.max(max, wait);
      }
    }
    assertThat(min).as("full jitter reaches down to the floor").isLessThan(20_000);
    assertThat(max).as("and up to the cap").isGreaterThan(280_000);
  }

  @Test
  void resetStartsOver() {
    backoff.next();
    backoff.next();
    backoff.reset();
    assertThat(backoff.failures()).isZero();
    assertThat(backoff.next().toMillis()).isLessThanOrEqualTo(2_000);
  }
}
