package dev.uptally.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Skew correction at the edges of a long: refused with a 400 naming the field, never wrapped around. */
class BatchValidatorTest {

  private static final long RECEIVED = 1_764_072_000_000L; // 2025-11-25T12:00:00Z
  private final BatchValidator validator = new BatchValidator(1000, 90_000, 35L * 86_400_000);

  @Test
  void aBootTimeTheSkewShiftWouldCarryPastTheRangeOfALongIsRefusedNamingIt() {
    // found by HeartbeatDecodingFuzzTest (its extreme-longs seed): the agent's clock 3 s ahead shifts times by -3 s, and a boot time near
    // Long.MIN_VALUE wrapped to near Long.MAX_VALUE: accepted, with the boot 292 million years after its sample
    long bootTime = Long.MIN_VALUE + 1_000;
    HeartbeatBatch batch = new HeartbeatBatch("d1", RECEIVED + 3_000,
        List.of(Sample.heartbeat(0, RECEIVED, bootTime, null)));

    assertThatThrownBy(() -> validator.prepare(batch, RECEIVED))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("samples[0].bootTime " + bootTime);
  }

  @Test
  void aSleepStartTheShiftWouldWrapIsRefusedNamingIt() {
    long sleptFrom = Long.MIN_VALUE + 1_000;
    HeartbeatBatch batch = new HeartbeatBatch("d1", RECEIVED + 3_000,
        List.of(Sample.resume(0, RECEIVED, RECEIVED - 60_000, sleptFrom, RECEIVED - 1_000, null)));

    assertThatThrownBy(() -> validator.prepare(batch, RECEIVED)).hasMessageContaining("samples[0].sleptFrom");
  }

  @Test
  void aSentAtWhoseSkewDoesNotFitALongIsRefusedNamingIt() {
    HeartbeatBatch batch = new HeartbeatBatch("d1", Long.MIN_VALUE, List.of(Sample.heartbeat(0, RECEIVED, 0, null)));

    assertThatThrownBy(() -> validator.prepare(batch, RECEIVED))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("sentAt " + Long.MIN_VALUE);
  }

  @Test
  void anOrdinarySkewIsStillCorrected() {
    HeartbeatBatch batch = new HeartbeatBatch("d1", RECEIVED + 600_000,
        List.of(Sample.heartbeat(0, RECEIVED + 570_000, RECEIVED - 3_600_000, null)));

    BatchValidator.Prepared prepared = validator.prepare(batch, RECEIVED);

    assertThat(prepared.skewMillis()).isEqualTo(-600_000);
    assertThat(prepared.samples().get(0).time()).isEqualTo(RECEIVED - 30_000);
  }
}
