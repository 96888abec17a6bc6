package dev.uptally.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.agent.identity.IdentityStore;
import dev.uptally.agent.testing.ManualClock;
import dev.uptally.common.protocol.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleRecorderTest {

  private static final long T0 = 1_764_000_000_000L;

  @TempDir Path stateDir;
  private final ManualClock clock = new ManualClock(T0);

  @Test
  void aSampleSpooledBeforeTheSpoolFailedToEnforceItsLimitsKeepsItsSeq() throws IOException {
    Path spoolDir = stateDir.resolve("spool");
    IdentityStore identity = IdentityStore.open(stateDir);
    try (Spool spool = Spool.open(spoolDir, new SpoolLimits(16 * 1024, Duration.ofDays(35), 1024), clock)) {
      SampleRecorder recorder = new SampleRecorder(spool, identity);
      // the overflow drop persists its count through this temp file first: make that fail (as on a full disk)
      Path obstacle = spoolDir.resolve("." + SpoolState.FILE + ".tmp");
      Files.createDirectories(obstacle.resolve("busy"));
      Sample failed = null;
      for (int i = 0; i < 200 && failed == null; i++) {
        long seq = recorder.nextSeq();
        try {
          recorder.record(s -> Samples.heartbeat(s, clock.millis()));
        } catch (SpoolException e) {
          failed = spool.pending(1000).stream().filter(x -> x.seq() == seq).findFirst().orElse(null);
        }
        clock.advance(Duration.ofSeconds(30));
      }
      assertThat(failed).as("the append was durable, the drop after it failed").isNotNull();

      Files.delete(obstacle.resolve("busy"));
      Files.delete(obstacle);
      Sample next = recorder.record(s -> Samples.heartbeat(s, clock.millis()));

      assertThat(next.seq()).isEqualTo(failed.seq() + 1);
      assertThat(identity.nextSeq()).isEqualTo(failed.seq() + 2);
    }
  }

  @Test
  void resequencingRenumbersEveryPendingSamplePageByPageInTimeOrder() throws IOException {
    IdentityStore identity = IdentityStore.open(stateDir);
    try (Spool spool = Spool.open(stateDir.resolve("spool"), SpoolLimits.of(SpoolLimits.DEFAULT_MAX_BYTES,
        SpoolLimits.DEFAULT_MAX_AGE), clock)) {
      SampleRecorder recorder = new SampleRecorder(spool, identity);
      int count = 2 * SampleRecorder.RESEQUENCE_PAGE + 200;
      java.util.List<Long> times = new java.util.ArrayList<>();
      for (int i = 0; i < count; i++) {
        times.add(recorder.record(s -> Samples.heartbeat(s, clock.millis())).time());
        clock.advance(Duration.ofSeconds(30));
      }
      long collectorHolds = count - 100; // the collector holds seqs that this agent used for its oldest samples

      assertThat(recorder.resequencePast(collectorHolds)).isEqualTo(count);

      java.util.List<Sample> pending = spool.pending(10_000);
      assertThat(pending).extracting(Sample::seq).as("every sample above every seq used, in the order recorded")
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(count + 1, 2L * count).boxed().toList());
      assertThat(pending).extracting(Sample::time).as("so the collector receives them in time order")
          .containsExactlyElementsOf(times);
      assertThat(spool.ackedSeq()).isEqualTo(count);
      assertThat(spool.droppedSamples()).isZero();
      assertThat(recorder.nextSeq()).isEqualTo(2L * count + 1);
      assertThat(identity.nextSeq()).isEqualTo(recorder.nextSeq());
    }
  }
}
