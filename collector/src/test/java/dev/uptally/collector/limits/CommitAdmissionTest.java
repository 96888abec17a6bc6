package dev.uptally.collector.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.config.collector.Admission;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class CommitAdmissionTest {

  private static final boolean REPLAY = false;
  private static final boolean LIVE = true;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  /** Jitter that always draws the top of its range, so the figures below are exact. */
  private final CommitAdmission admission = new CommitAdmission(new Admission(4, 2, 2, 3), 30, bound -> bound - 1,
      registry);

  @Test
  void replayBatchesAreRefusedFromTheHighWatermarkUntilTheLowOne() {
    for (int i = 0; i < 4; i++) {
      assertThat(admission.tryAdmit(REPLAY)).as("batch %d", i).isEqualTo(CommitAdmission.ADMITTED);
    }
    assertThat(admission.refusing()).isTrue();
    assertThat(admission.tryAdmit(REPLAY)).as("at the high watermark").isPositive();
    admission.done(); // 3 pending: between the watermarks, still refusing (hysteresis)
    assertThat(admission.tryAdmit(REPLAY)).isPositive();
    admission.done(); // 2 pending: the low watermark
    assertThat(admission.refusing()).isFalse();
    assertThat(admission.tryAdmit(REPLAY)).isEqualTo(CommitAdmission.ADMITTED);
    assertThat(admission.pending()).isEqualTo(3);
    assertThat(admission.refusedCount()).isEqualTo(2);
    assertThat(admission.maxPending()).isEqualTo(4);
    assertThat(registry.get("uptally.ingest.admission.refused").counter().count()).isEqualTo(2);
    assertThat(registry.get("uptally.ingest.pending.batches").gauge().value()).isEqualTo(3);
  }

  @Test
  void liveBatchesAreAdmittedAboveTheHighWatermark() {
    for (int i = 0; i < 4; i++) {
      admission.tryAdmit(REPLAY);
    }
    assertThat(admission.tryAdmit(REPLAY)).isPositive();
    assertThat(admission.tryAdmit(LIVE)).isEqualTo(CommitAdmission.ADMITTED);
    assertThat(admission.tryAdmit(LIVE)).isEqualTo(CommitAdmission.ADMITTED);
    assertThat(admission.pending()).isEqualTo(6);
    assertThat(admission.refusedCount()).isEqualTo(1);
  }

  @Test
  void retryAfterGrowsWithHowFullTheQueueIsPlusJitterAndStaysUnderItsCap() {
    assertThat(admission.retryAfterSeconds(4)).as("at the watermark: base 2 + jitter 3").isEqualTo(5);
    assertThat(admission.retryAfterSeconds(2)).as("never below the base while refusing").isEqualTo(5);
    assertThat(admission.retryAfterSeconds(12)).as("three times full: 6 + 3").isEqualTo(9);
    assertThat(admission.retryAfterSeconds(400)).as("capped").isEqualTo(30);
    CommitAdmission noJitter = new CommitAdmission(new Admission(4, 2, 2, 3), 30, bound -> 0, new SimpleMeterRegistry());
    assertThat(noJitter.retryAfterSeconds(4)).isEqualTo(2);
  }

  @Test
  void jitterSpreadsRefusedAgentsOverItsWindow() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    CommitAdmission a = new CommitAdmission(new Admission(4, 2, 2, 10), 30, random::nextInt, new SimpleMeterRegistry());
    java.util.Set<Integer> seen = new java.util.TreeSet<>();
    for (int i = 0; i < 1000; i++) {
      seen.add(a.retryAfterSeconds(4));
    }
    assertThat(seen).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
  }

  @Test
  void aHighWatermarkOfZeroAdmitsEverything() {
    CommitAdmission off = new CommitAdmission(new Admission(0, 0, 2, 3), 30, bound -> 0, new SimpleMeterRegistry());
    for (int i = 0; i < 100_000; i++) {
      assertThat(off.tryAdmit(REPLAY)).isEqualTo(CommitAdmission.ADMITTED);
    }
    assertThat(off.refusing()).isFalse();
  }
}
