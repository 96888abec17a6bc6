package dev.uptally.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.uptally.common.json.HeartbeatJson;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.SampleEvent;
import dev.uptally.common.time.TimeRange;
import java.util.Optional;

/**
 * Any body of {@code POST /v1/heartbeats}, through the collector's decoder ({@code JsonBodies} on the shared mapper)
 * and {@link BatchValidator}: it is either refused with the collector's own 400 (or 413) naming the field, or
 * accepted as a batch the state engine can trust — seqs ascending and not negative, every accepted time within the
 * accepted age and at most a minute ahead, boot before sample, sleep bounds in order, every sample either accepted
 * or counted as too old. No other exception escapes. Where {@link HeartbeatJson} reads a body (the ingest endpoint's
 * fast path), its batch is the one the mapper reads.
 *
 * <p>Regression mode (every build) replays {@code HeartbeatDecodingFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class HeartbeatDecodingFuzzTest {

  private static final int MAX_SAMPLES = 1000;
  private static final long GRACE_MILLIS = 90_000;
  private static final long MAX_AGE_MILLIS = 35L * 86_400_000;
  private static final BatchValidator VALIDATOR = new BatchValidator(MAX_SAMPLES, GRACE_MILLIS, MAX_AGE_MILLIS);

  @FuzzTest
  @DictionaryEntries({"\\\"deviceId\\\":", "\\\"sentAt\\\":", "\\\"samples\\\":", "\\\"seq\\\":", "\\\"time\\\":",
      "\\\"bootTime\\\":", "\\\"event\\\":", "\\\"reason\\\":", "\\\"sleptFrom\\\":", "\\\"sleptUntil\\\":", "\\\"health\\\":",
      "\\\"inventory\\\":", "\\\"droppedSamples\\\":", "\\\"startup\\\"", "\\\"shutdown\\\"", "\\\"resume\\\"", "\\\"os\\\"",
      "\\\"agent\\\"", "1764072000000", "-9223372036854775808", "9223372036854775807", "null", "1e400"})
  void everyBodyIsAcceptedAsATrustworthyBatchOrRefusedNamingAField(byte[] body) {
    Optional<HeartbeatBatch> decoded = WireBodies.decode(body, HeartbeatBatch.class);
    HeartbeatBatch fast = HeartbeatJson.batch(body);
    if (fast != null) {
      assertThat(decoded).as("the fast reader's batch is the mapper's").contains(fast);
    }
    if (decoded.isEmpty()) {
      return;
    }
    HeartbeatBatch batch = decoded.get();
    BatchValidator.Prepared prepared;
    try {
      prepared = VALIDATOR.prepare(batch, WireBodies.RECEIVED_MILLIS, BatchValidator.Last.NONE);
    } catch (IngestException e) {
      WireBodies.assertRefusal(e, "deviceId", "sentAt", "samples", "droppedSamples");
      return;
    }
    assertThat(prepared.samples().size() + prepared.tooOld()).as("accepted + too old").isEqualTo(batch.samples().size());
    long previousSeq = -1;
    for (Sample s : prepared.samples()) {
      assertThat(s.seq()).as("seq order").isGreaterThan(previousSeq);
      previousSeq = s.seq();
      assertThat(s.time()).as("accepted time of seq %s", s.seq())
          .isBetween(WireBodies.RECEIVED_MILLIS - MAX_AGE_MILLIS,
              WireBodies.RECEIVED_MILLIS + BatchValidator.FUTURE_TOLERANCE_MILLIS);
      assertThat(s.bootTime()).as("bootTime of seq %s", s.seq())
          .isLessThanOrEqualTo(s.time() + BatchValidator.FUTURE_TOLERANCE_MILLIS);
      if (s.event() == SampleEvent.SHUTDOWN) {
        assertThat(s.reason()).as("shutdown reason").isNotNull();
      }
      if (s.event() == SampleEvent.RESUME) {
        assertThat(s.sleptFrom()).as("sleptFrom of a resume").isNotNull().isLessThanOrEqualTo(s.sleptUntil());
      }
    }
    for (TimeRange r : prepared.unreachable()) {
      assertThat(r.endMillis()).as("unreachable ends when received").isEqualTo(WireBodies.RECEIVED_MILLIS);
    }
  }
}
