package dev.uptally.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.WireLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every hostile number a batch can carry is a 400 naming its field, with a plain message and no overflow. */
class BatchValidatorTest {

  private static final long NOW = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
  private static final long BOOT = NOW - 3_600_000;
  private static final long MIN = 60_000;
  private final BatchValidator validator = new BatchValidator(1000, 90_000, 35L * 86_400_000);

  private BatchValidator.Prepared prepare(Long sentAt, Sample... samples) {
    return validator.prepare(new HeartbeatBatch("d1", sentAt, Arrays.asList(samples), null), NOW,
        BatchValidator.Last.NONE);
  }

  private static IngestException refusal(Runnable r) {
    IngestException e = catchThrowableOfType(IngestException.class, r::run);
    assertThat(e).as("refused").isNotNull();
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).doesNotContain("Exception");
    return e;
  }

  @Test
  void aNullSampleIsA400NamingItsIndex() {
    IngestException e = refusal(() -> prepare(NOW, Sample.heartbeat(0, NOW, BOOT, null), null));
    assertThat(e.getMessage()).startsWith("samples[1] is null");
  }

  @Test
  void aTimeOfLongMaxIsA400NamingTheSampleTimeNotAnOverflowedDistance() {
    IngestException e = refusal(() -> prepare(NOW, Sample.heartbeat(0, NOW, BOOT, null),
        Sample.heartbeat(1, NOW, BOOT, null), Sample.heartbeat(2, NOW, BOOT, null),
        Sample.heartbeat(3, Long.MAX_VALUE, BOOT, null)));
    assertThat(e.getMessage()).startsWith("samples[3].time 9223372036854775807 is not a time");
  }

  @Test
  void sentAtOfLongMinOrMaxIsA400NamingSentAt() {
    for (long sentAt : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, -1}) {
      IngestException e = refusal(() -> prepare(sentAt, Sample.heartbeat(0, NOW, BOOT, null)));
      assertThat(e.getMessage()).startsWith("sentAt " + sentAt + " is not a time");
    }
    assertThat(refusal(() -> prepare(null)).getMessage()).startsWith("sentAt is missing");
  }

  @Test
  void aSeqFrom2To53OnIsRefusedSoThatNoDeviceIdIsBrickedBySeqsNothingCanFollow() {
    long limit = 1L << 53;
    IngestException e = refusal(() -> prepare(NOW, Sample.heartbeat(limit, NOW, BOOT, null)));
    assertThat(e.getMessage()).startsWith("samples[0].seq " + limit + " is out of range");
    refusal(() -> prepare(NOW, Sample.heartbeat(Long.MAX_VALUE, NOW, BOOT, null)));
    assertThat(prepare(NOW, Sample.heartbeat(limit - 1, NOW, BOOT, null)).samples()).hasSize(1);
  }

  @Test
  void otherDeviceTimesOutOfRangeNameTheirField() {
    assertThat(refusal(() -> prepare(NOW, Sample.heartbeat(0, NOW, Long.MIN_VALUE, null))).getMessage())
        .startsWith("samples[0].bootTime");
    assertThat(refusal(() -> prepare(NOW, Sample.resume(0, NOW, BOOT, Long.MIN_VALUE, NOW, null))).getMessage())
        .startsWith("samples[0].sleptFrom");
    assertThat(refusal(() -> validator.prepare(new HeartbeatBatch("d1", NOW, List.of(), Long.MAX_VALUE), NOW,
        BatchValidator.Last.NONE)).getMessage()).startsWith("droppedSamples");
  }

  @Test
  void aBatchSpanningAClockStepBackIsTakenWholeWithEachEarlierSampleAtItsPredecessorsTime() {
    // The device's clock ran 10 min ahead when it booted (2 min before NOW by that clock) and took two samples;
    // then NTP stepped it back by 10 min, before its boot time by the old clock, and it sends at the right time.
    long boot = NOW - 2 * MIN;
    BatchValidator.Prepared p = prepare(NOW, Sample.heartbeat(0, NOW - MIN, boot, null),
        Sample.heartbeat(1, NOW, boot, null), Sample.heartbeat(2, NOW - 10 * MIN + 30_000, boot, null),
        Sample.heartbeat(3, NOW - 10 * MIN + 60_000, boot, null));
    assertThat(p.samples()).extracting(Sample::seq).containsExactly(0L, 1L, 2L, 3L);
    assertThat(p.samples()).extracting(Sample::time).containsExactly(NOW - MIN, NOW, NOW, NOW);
    assertThat(p.steppedBack()).isEqualTo(2);
  }

  @Test
  void aBatchsFirstSampleBeforeTheDevicesNewestIsTakenAtThatTimeButAReplayedOneIsLeftAlone() {
    BatchValidator.Last last = new BatchValidator.Last(7, NOW, BOOT);
    BatchValidator.Prepared p = validator.prepare(new HeartbeatBatch("d1", NOW, List.of(
        Sample.heartbeat(7, NOW - 5 * MIN, BOOT, null), Sample.heartbeat(8, NOW - 4 * MIN, BOOT, null)), null), NOW,
        last);
    assertThat(p.samples()).extracting(Sample::time).containsExactly(NOW - 5 * MIN, NOW);
    assertThat(p.steppedBack()).isEqualTo(1);
  }

  @Test
  void aNewBootWithAnEarlierTimeKeepsItsTime() {
    long newBoot = NOW - 4 * MIN; // a later boot than BOOT: not the same boot, so no predecessor to follow
    BatchValidator.Prepared p = prepare(NOW, Sample.heartbeat(0, NOW, BOOT, null),
        Sample.startup(1, NOW - 3 * MIN, newBoot, null, null));
    assertThat(p.samples()).extracting(Sample::time).containsExactly(NOW, NOW - 3 * MIN);
    assertThat(p.steppedBack()).isZero();
  }

  static Stream<Arguments> healthOutOfRange() {
    return Stream.of(
        Arguments.of(new Health(new Health.Cpu(Double.NEGATIVE_INFINITY, null, null), null, null, null, null, null),
            "samples[0].health.cpu.usage -Infinity is out of range"),
        Arguments.of(new Health(new Health.Cpu(1.5, null, null), null, null, null, null, null),
            "samples[0].health.cpu.usage 1.5"),
        Arguments.of(new Health(new Health.Cpu(null, Double.NaN, null), null, null, null, null, null),
            "samples[0].health.cpu.load1 NaN"),
        Arguments.of(new Health(new Health.Cpu(null, null, 900.0), null, null, null, null, null),
            "samples[0].health.cpu.temperatureC 900.0"),
        Arguments.of(new Health(null, new Health.Memory(100L, 200L, null, null), null, null, null, null),
            "samples[0].health.memory.availableBytes 200 is above totalBytes 100"),
        Arguments.of(new Health(null, new Health.Memory(-1L, null, null, null), null, null, null, null),
            "samples[0].health.memory.totalBytes -1"),
        Arguments.of(new Health(null, null, List.of(new Health.Disk("/", 10L, 11L)), null, null, null),
            "samples[0].health.disks[0].freeBytes 11 is above totalBytes 10"),
        Arguments.of(new Health(null, null, Collections.singletonList(null), null, null, null),
            "samples[0].health.disks[0] is null"),
        Arguments.of(new Health(null, null, null, new Health.Battery(101.0, null, null, null), null, null),
            "samples[0].health.battery.percent 101.0"),
        Arguments.of(new Health(null, null, null, new Health.Battery(null, null, null, -3), null, null),
            "samples[0].health.battery.cycles -3"),
        Arguments.of(new Health(null, null, null, null, List.of(1200, -1), null),
            "samples[0].health.fansRpm[1] -1"));
  }

  @ParameterizedTest
  @MethodSource("healthOutOfRange")
  void healthOutsideItsPhysicalRangeIsA400NamingTheField(Health health, String message) {
    IngestException e = refusal(() -> prepare(NOW, Sample.heartbeat(0, NOW, BOOT, health)));
    assertThat(e.getMessage()).startsWith(message);
  }

  @Test
  void healthAtTheEdgesOfItsRangesIsAccepted() {
    Health edges = new Health(new Health.Cpu(1.0, 0.0, -50.0), new Health.Memory(100L, 100L, 0L, 0L),
        List.of(new Health.Disk("/", 10L, 10L)), new Health.Battery(100.0, true, 2.0, 0), List.of(0, 100_000), true);
    assertThat(prepare(NOW, Sample.heartbeat(0, NOW, BOOT, edges)).samples()).hasSize(1);
  }

  @Test
  void anInventoryOverItsBoundsInASampleIsA400NamingTheField() {
    List<Inventory.Drive> drives = new ArrayList<>();
    for (int i = 0; i < 257; i++) {
      drives.add(new Inventory.Drive("m", "s" + i, 1L));
    }
    Inventory inv = new Inventory(null, null, null, null, drives, null);
    Sample s = new Sample(0L, NOW, BOOT, null, null, null, null, null, inv);
    assertThat(refusal(() -> prepare(NOW, s)).getMessage())
        .startsWith("samples[0].inventory.drives has 257 entries; at most 256");
  }

  static Stream<Arguments> inventoryEntriesOutOfBounds() {
    String tooLong = "x".repeat(WireLimits.MAX_TEXT_CHARS + 1);
    return Stream.of(
        Arguments.of(new Inventory(null, null, null, null, List.of(new Inventory.Drive("m", "s", 1L),
            new Inventory.Drive("m", tooLong, 1L)), null), "samples[2].inventory.drives[1].serial has "),
        Arguments.of(new Inventory(null, null, null, null, null, List.of(new Inventory.NetworkInterface("eth0",
            "00:11", List.of("10.0.0.1", tooLong)))), "samples[2].inventory.network[0].ipv4[1] has "),
        Arguments.of(new Inventory(null, null, null, null, null, List.of(new Inventory.NetworkInterface("eth0",
            "00:11", List.of()), new Inventory.NetworkInterface(tooLong, null, List.of()))),
            "samples[2].inventory.network[1].name has "));
  }

  /** Names are built only when a check refuses (FieldPath): nested entries must still be named in full. */
  @ParameterizedTest
  @MethodSource("inventoryEntriesOutOfBounds")
  void anInventoryEntryOverItsBoundsInALaterSampleIsNamedWithItsFullPath(Inventory inv, String message) {
    Sample bad = new Sample(2L, NOW, BOOT, null, null, null, null, null, inv);
    IngestException e = refusal(() -> prepare(NOW, Sample.heartbeat(0, NOW - 2, BOOT, null),
        Sample.heartbeat(1, NOW - 1, BOOT, null), bad));
    assertThat(e.getMessage()).startsWith(message);
  }
}
