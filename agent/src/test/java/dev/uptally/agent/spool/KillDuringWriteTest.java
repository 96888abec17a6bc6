package dev.uptally.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.agent.identity.IdentityStore;
import dev.uptally.common.protocol.Sample;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KillDuringWriteTest {

  @TempDir Path stateDir;

  private long runChildAndKill(int atLeastSeqs) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), SpoolWriterChild.class.getName(), stateDir.toString())
        .redirectErrorStream(true)
        .start();
    long lastPrinted = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      int seen = 0;
      String line;
      while (seen < atLeastSeqs && (line = out.readLine()) != null) {
        lastPrinted = Long.parseLong(line.trim());
        seen++;
      }
      child.destroyForcibly(); // SIGKILL: in the middle of some append or seq write
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(lastPrinted).as("child wrote samples").isPositive();
    return lastPrinted;
  }

  @Test
  void killDuringSpoolWritesLeavesAnIntactSpoolAndContinuousSeq() throws Exception {
    long firstRunLast = runChildAndKill(200);
    String deviceId = IdentityStore.open(stateDir).deviceId();
    long secondRunLast = runChildAndKill(100);

    IdentityStore identity = IdentityStore.open(stateDir);
    try (Spool spool = Spool.open(stateDir.resolve("spool"),
        SpoolLimits.of(SpoolLimits.DEFAULT_MAX_BYTES, SpoolLimits.DEFAULT_MAX_AGE), InstantSource.system())) {
      SampleRecorder recorder = new SampleRecorder(spool, identity);
      assertThat(identity.deviceId()).as("same device after kill -9").isEqualTo(deviceId);
      List<Long> seqs = spool.pending(100_000).stream().map(Sample::seq).toList();

      assertThat(secondRunLast).isGreaterThan(firstRunLast);
      assertThat(seqs).as("every durable seq is there, with no gap and no duplicate")
          .isEqualTo(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
      assertThat(seqs.get(seqs.size() - 1)).isGreaterThanOrEqualTo(secondRunLast);
      assertThat(recorder.nextSeq()).isEqualTo(seqs.size() + 1);
      assertThat(spool.droppedSamples()).isZero();
      Sample next = recorder.record(s -> Samples.heartbeat(s, System.currentTimeMillis()));
      assertThat(next.seq()).isEqualTo(seqs.size() + 1);
    }
  }
}
