package dev.uptally.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.agent.testing.ManualClock;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.SampleEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

  private static final long T0 = 1_764_000_000_000L;

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(T0);

  private Spool open(SpoolLimits limits) {
    return Spool.open(dir, limits, clock);
  }

  private Spool open() {
    return open(SpoolLimits.of(SpoolLimits.DEFAULT_MAX_BYTES, SpoolLimits.DEFAULT_MAX_AGE));
  }

  private static List<Long> seqs(List<Sample> samples) {
    return samples.stream().map(Sample::seq).toList();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  private void appendHeartbeats(Spool spool, long from, long to) {
    for (long seq = from; seq <= to; seq++) {
      spool.append(Samples.heartbeat(seq, clock.millis()));
      clock.advance(Duration.ofSeconds(30));
    }
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(Segment.PREFIX)).sorted().toList();
    }
  }

  @Test
  void pendingReturnsUnacknowledgedSamplesOldestFirstInBatches() {
    try (Spool spool = open()) {
      appendHeartbeats(spool, 1, 25);
      assertThat(seqs(spool.pending(10))).isEqualTo(range(1, 10));
      spool.acknowledge(10);
      assertThat(seqs(spool.pending(10))).isEqualTo(range(11, 20));
      spool.acknowledge(20);
      assertThat(seqs(spool.pending(10))).isEqualTo(range(21, 25));
      spool.acknowledge(25);
      assertThat(spool.pending(10)).isEmpty();
    }
  }

  @Test
  void acknowledgedSegmentsAreDeletedWholeAndTheAckSurvivesReopen() throws IOException {
    SpoolLimits small = new SpoolLimits(1 << 20, Duration.ofDays(35), 4096);
    try (Spool spool = open(small)) {
      appendHeartbeats(spool, 1, 60);
      int before = segmentFiles().size();
      assertThat(before).isGreaterThan(3);
      spool.acknowledge(40);
      assertThat(segmentFiles().size()).isLessThan(before);
    }
    try (Spool reopened = open(small)) {
      assertThat(reopened.ackedSeq()).isEqualTo(40);
      assertThat(seqs(reopened.pending(1000))).isEqualTo(range(41, 60));
    }
  }

  @Test
  void appendRefusesASeqThatIsNotNew() {
    try (Spool spool = open()) {
      appendHeartbeats(spool, 1, 3);
      assertThatThrownBy(() -> spool.append(Samples.heartbeat(3, T0)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seq 3");
    }
  }

  @Test
  void tornTailIsCutAndEverythingBeforeItKept() throws IOException {
    try (Spool spool = open()) {
      appendHeartbeats(spool, 1, 10);
    }
    Path segment = segmentFiles().get(0);
    long goodSize = Files.size(segment);
    byte[] partial = java.util.Arrays.copyOf(RecordCodec.encode(Samples.heartbeat(11, T0)).array(), 37);
    Files.write(segment, partial, StandardOpenOption.APPEND);

    try (Spool reopened = open()) {
      assertThat(Files.size(segment)).isEqualTo(goodSize);
      assertThat(seqs(reopened.pending(1000))).isEqualTo(range(1, 10));
      assertThat(reopened.droppedSamples()).isZero();
      reopened.append(Samples.heartbeat(11, clock.millis()));
    }
    try (Spool again = open()) {
      assertThat(seqs(again.pending(1000))).isEqualTo(range(1, 11));
    }
  }

  @Test
  void corruptionInTheMiddleIsDetectedAndOnlyTheDamagedRecordIsLost() throws IOException {
    try (Spool spool = open()) {
      appendHeartbeats(spool, 1, 20);
    }
    Path segment = segmentFiles().get(0);
    byte[] bytes = Files.readAllBytes(segment);
    SegmentScan scan = SegmentScan.of(segment);
    StoredRecord fifth = scan.records().get(4);
    bytes[(int) fifth.offset() + RecordCodec.HEADER_BYTES + 30] ^= 0x5A;
    Files.write(segment, bytes);

    try (Spool reopened = open()) {
      List<Long> expected = new java.util.ArrayList<>(range(1, 20));
      expected.remove(Long.valueOf(5));
      assertThat(seqs(reopened.pending(1000))).isEqualTo(expected);
      assertThat(reopened.droppedSamples()).isEqualTo(1);
    }
    try (Spool again = open()) {
      assertThat(again.droppedSamples()).as("repair happened once and was persisted").isEqualTo(1);
    }
  }

  @Test
  void damagedLengthFieldInTheMiddleIsSkippedByResync() throws IOException {
    try (Spool spool = open()) {
      appendHeartbeats(spool, 1, 8);
    }
    Path segment = segmentFiles().get(0);
    byte[] bytes = Files.readAllBytes(segment);
    StoredRecord third = SegmentScan.of(segment).records().get(2);
    bytes[(int) third.offset()] = 0x7F; // length now ~2 GB
    Files.write(segment, bytes);

    try (Spool reopened = open()) {
      assertThat(seqs(reopened.pending(1000))).containsExactly(1L, 2L, 4L, 5L, 6L, 7L, 8L);
      assertThat(reopened.droppedSamples()).isEqualTo(1);
    }
  }

  @Test
  void samplesDestroyedAfterTheSeqCounterMovedOnAreCountedAsDropped() throws IOException {
    try (Spool spool = open()) {
      appendHeartbeats(spool, 1, 5);
    }
    Path segment = segmentFiles().get(0);
    StoredRecord fifth = SegmentScan.of(segment).records().get(4);
    try (var ch = java.nio.channels.FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(fifth.offset() + 20);
    }
    try (Spool reopened = open()) {
      reopened.accountMissingBefore(6);
      assertThat(seqs(reopened.pending(1000))).isEqualTo(range(1, 4));
      assertThat(reopened.droppedSamples()).isEqualTo(1);
    }
  }

  @Test
  void fullSpoolDropsOldestHeartbeatsKeepsEventsAndCountsThem() {
    SpoolLimits limits = new SpoolLimits(16 * 1024, Duration.ofDays(35), 2048);
    long total = 0;
    try (Spool spool = open(limits)) {
      spool.append(Samples.startup(1, clock.millis()));
      appendHeartbeats(spool, 2, 60);
      spool.append(Samples.resume(61, clock.millis()));
      appendHeartbeats(spool, 62, 200);
      spool.append(Samples.shutdown(201, clock.millis()));
      total = 201;

      assertThat(spool.sizeBytes()).isLessThanOrEqualTo(limits.maxBytes());
      List<Sample> pending = spool.pending(1000);
      assertThat(pending).filteredOn(s -> s.event() != null).extracting(Sample::event)
          .containsExactly(SampleEvent.STARTUP, SampleEvent.RESUME, SampleEvent.SHUTDOWN);
      assertThat(seqs(pending)).isSorted().contains(200L, 199L);
      assertThat(seqs(pending)).doesNotContain(2L, 62L);
      assertThat(spool.droppedSamples()).isEqualTo(total - pending.size()).isPositive();
    }
    try (Spool reopened = open(limits)) {
      assertThat(reopened.droppedSamples()).isEqualTo(total - reopened.pending(1000).size());
    }
  }

  @Test
  void heartbeatsOlderThanMaxAgeAreDroppedButEventsAreKept() {
    SpoolLimits limits = new SpoolLimits(1 << 20, Duration.ofHours(1), 2048);
    try (Spool spool = open(limits)) {
      spool.append(Samples.startup(1, clock.millis()));
      appendHeartbeats(spool, 2, 40); // 20 minutes of heartbeats
      clock.advance(Duration.ofHours(2));
      appendHeartbeats(spool, 41, 45);

      List<Sample> pending = spool.pending(1000);
      assertThat(seqs(pending)).containsExactly(1L, 41L, 42L, 43L, 44L, 45L);
      assertThat(spool.droppedSamples()).isEqualTo(39);
    }
  }

  @Test
  void acknowledgedSamplesAreNotCountedAsDropped() {
    SpoolLimits limits = new SpoolLimits(16 * 1024, Duration.ofDays(35), 2048);
    try (Spool spool = open(limits)) {
      appendHeartbeats(spool, 1, 30);
      spool.acknowledge(30);
      appendHeartbeats(spool, 31, 60);
      assertThat(spool.droppedSamples()).isZero();
      assertThat(seqs(spool.pending(1000))).isEqualTo(range(31, 60));
    }
  }

  @Test
  void randomSingleByteCorruptionIsDetectedAndEverySampleIsReturnedIntactOrCounted() throws IOException {
    java.util.Random random = new java.util.Random(20261125);
    for (int round = 0; round < 25; round++) {
      Path roundDir = dir.resolve("round-" + round);
      List<Sample> written = new java.util.ArrayList<>();
      try (Spool spool = Spool.open(roundDir, SpoolLimits.of(SpoolLimits.DEFAULT_MAX_BYTES, Duration.ofDays(35)), clock)) {
        for (long seq = 1; seq <= 50; seq++) {
          Sample s = Samples.heartbeat(seq, clock.millis() + seq * 30_000);
          spool.append(s);
          written.add(s);
        }
      }
      Path segment;
      try (Stream<Path> files = Files.list(roundDir)) {
        segment = files.filter(p -> p.getFileName().toString().startsWith(Segment.PREFIX)).findFirst().orElseThrow();
      }
      byte[] bytes = Files.readAllBytes(segment);
      int at = random.nextInt(bytes.length);
      bytes[at] ^= (byte) (1 + random.nextInt(255));
      Files.write(segment, bytes);

      try (Spool reopened = Spool.open(roundDir, SpoolLimits.of(SpoolLimits.DEFAULT_MAX_BYTES, Duration.ofDays(35)), clock)) {
        reopened.accountMissingBefore(51);
        List<Sample> pending = reopened.pending(1000);
        assertThat(pending).as("round %d, byte %d", round, at).isSubsetOf(written);
        assertThat(seqs(pending)).isSorted().doesNotHaveDuplicates();
        assertThat(pending.size()).as("one damaged record at most").isGreaterThanOrEqualTo(49);
        assertThat(pending.size() + reopened.droppedSamples()).as("nothing lost silently, round %d", round).isEqualTo(50);
      }
    }
  }

  @Test
  void steadyStateAppendSendAckAcrossManySmallSegmentsLosesNothing() throws IOException {
    SpoolLimits limits = new SpoolLimits(1 << 20, Duration.ofDays(35), 2048);
    java.util.Random random = new java.util.Random(5);
    List<Long> received = new java.util.ArrayList<>();
    try (Spool spool = open(limits)) {
      for (long seq = 1; seq <= 300; seq++) {
        spool.append(Samples.heartbeat(seq, clock.millis()));
        clock.advance(Duration.ofSeconds(30));
        if (random.nextInt(4) != 0) { // sometimes the collector is unreachable for a round
          List<Sample> batch = spool.pending(1 + random.nextInt(20));
          batch.forEach(b -> received.add(b.seq()));
          if (!batch.isEmpty()) {
            spool.acknowledge(batch.get(batch.size() - 1).seq());
          }
        }
      }
      List<Sample> rest = spool.pending(1000);
      rest.forEach(b -> received.add(b.seq()));
      assertThat(received).isEqualTo(range(1, 300));
      assertThat(segmentFiles().size()).as("acknowledged segments are gone").isLessThanOrEqualTo(rest.size() / 3 + 2);
    }
  }

  @Test
  void refusingTheFirstSampleAfterAnOverflowCountsOnlyThatSample() {
    try (Spool spool = open(new SpoolLimits(16 * 1024, Duration.ofDays(35), 1024))) {
      appendHeartbeats(spool, 1, 100);
      long droppedByOverflow = spool.droppedSamples();
      long first = spool.pending(1).get(0).seq();
      assertThat(first).as("the overflow removed the oldest heartbeats").isGreaterThan(1);
      assertThat(droppedByOverflow).isEqualTo(first - 1);

      spool.discardRefused(first);

      assertThat(spool.droppedSamples()).as("the overflow's drops plus the one refused sample")
          .isEqualTo(droppedByOverflow + 1);
      assertThat(spool.pending(1).get(0).seq()).isEqualTo(first + 1);
    }
  }
}
