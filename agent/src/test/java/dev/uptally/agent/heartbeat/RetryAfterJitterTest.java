package dev.uptally.agent.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RetryAfterJitterTest {

  @Test
  void aFleetRefusedWithTheSameRetryAfterComesBackSpreadOverAQuarterOfIt() {
    SplittableRandom random = new SplittableRandom(42);
    Duration retryAfter = Duration.ofSeconds(20);
    TreeSet<Long> waits = new TreeSet<>();
    for (int agent = 0; agent < 10_000; agent++) {
      waits.add(HeartbeatLoop.jittered(retryAfter, random).toMillis());
    }
    assertThat(waits.first()).as("never before the Retry-After: it is a 'not before'").isGreaterThanOrEqualTo(20_000);
    assertThat(waits.last()).as("at most a quarter later").isLessThanOrEqualTo(25_000);
    assertThat(waits.last() - waits.first()).as("spread over the window, not in lockstep").isGreaterThan(4_500);
    assertThat(waits.size()).as("distinct instants").isGreaterThan(3_000);
  }

  @Test
  void aShortRetryAfterIsSpreadOverAtLeastASecond() {
    SplittableRandom random = new SplittableRandom(7);
    long max = 0;
    for (int i = 0; i < 1000; i++) {
      long w = HeartbeatLoop.jittered(Duration.ofSeconds(1), random).toMillis();
      assertThat(w).isBetween(1000L, 2000L);
      max = Math.max(max, w);
    }
    assertThat(max).isGreaterThan(1900);
  }

  @Test
  void theJitterNeverTakesTheWaitBeyondTheCap() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 100; i++) {
      assertThat(HeartbeatLoop.jittered(HeartbeatLoop.MAX_RETRY_AFTER, random)).isEqualTo(HeartbeatLoop.MAX_RETRY_AFTER);
    }
  }
}
