package dev.uptally.collector.ingest;

import dev.uptally.collector.fleet.DeviceTimeline;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.SampleEvent;
import dev.uptally.common.time.TimeRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a heartbeat batch field by field and prepares it for the state engine: skew correction, samples too old
 * to accept, samples from the future, device clocks that stepped back, and the reachability gap the batch proves.
 * Every number is range-checked ({@link FieldChecks}) before any arithmetic on it, so no input overflows; each
 * refusal is a {@code 400} naming the field ({@code sentAt}, {@code samples[3].time}). Stateless; thread-safe.
 */
final class BatchValidator {

  /** Skew at or below this is clock noise and left alone (the design's 2 s). */
  static final long SKEW_THRESHOLD_MILLIS = 2_000;
  /** What remains after skew correction is network delay; beyond this a sample is from the future. */
  static final long FUTURE_TOLERANCE_MILLIS = 60_000;

  private final int maxSamples;
  private final long graceMillis;
  private final long maxAgeMillis;

  BatchValidator(int maxSamples, long graceMillis, long maxAgeMillis) {
    this.maxSamples = maxSamples;
    this.graceMillis = graceMillis;
    this.maxAgeMillis = maxAgeMillis;
  }

  /**
   * The device's newest applied sample (skew-corrected), which the batch's first new sample follows; {@link #NONE}
   * for a device without samples.
   */
  record Last(long seq, long timeMillis, long bootMillis) {
    static final Last NONE = new Last(-1, Long.MIN_VALUE, Long.MIN_VALUE);
  }

  /**
   * The batch ready for the engine. {@code tooOldUpToSeq} is the highest seq skipped for age, or -1;
   * {@code steppedBack} counts samples taken at their predecessor's time because the device clock stepped back.
   */
  record Prepared(List<Sample> samples, List<TimeRange> unreachable, long skewMillis, long tooOldUpToSeq,
      int tooOld, int steppedBack) {}

  Prepared prepare(HeartbeatBatch b, long receivedMillis, Last last) {
    DeviceIds.check("deviceId", b.deviceId());
    long sentAt = FieldChecks.epochMillis("sentAt", b.sentAt());
    if (b.samples().size() > maxSamples) {
      throw new IngestException(413, "too_large",
          "samples has " + b.samples().size() + " entries; at most " + maxSamples + " per request");
    }
    if (b.droppedSamples() != null) {
      FieldChecks.count("droppedSamples", b.droppedSamples());
    }
    long skew = Math.subtractExact(receivedMillis, sentAt);
    long shift = Math.abs(skew) > SKEW_THRESHOLD_MILLIS ? skew : 0;
    List<Sample> accepted = new ArrayList<>(b.samples().size());
    long prevSeq = -1;
    Last pred = last;
    long tooOldUpTo = -1;
    int tooOld = 0;
    int steppedBack = 0;
    long lateFrom = Long.MAX_VALUE;
    for (int i = 0; i < b.samples().size(); i++) {
      FieldPath at = FieldPath.item("samples", i);
      Sample s = check(b.samples().get(i), at, prevSeq).shifted(shift);
      prevSeq = s.seq();
      boolean fresh = s.seq() > last.seq(); // older seqs are replays the engine skips
      if (fresh && sameBoot(s, pred) && s.time() < pred.timeMillis()) {
        s = at(s, pred.timeMillis());
        steppedBack++;
      }
      if (s.bootTime() > s.time() + FUTURE_TOLERANCE_MILLIS) {
        throw IngestException.badRequest(at + ".bootTime " + b.samples().get(i).bootTime() + " is after its time "
            + b.samples().get(i).time());
      }
      if (s.time() > receivedMillis + FUTURE_TOLERANCE_MILLIS) {
        throw IngestException.badRequest(at + ".time " + b.samples().get(i).time() + " is "
            + (s.time() - receivedMillis) / 1000 + " s in the future even after correcting the clock skew of "
            + shift / 1000 + " s");
      }
      if (s.time() < receivedMillis - maxAgeMillis) {
        tooOldUpTo = s.seq();
        tooOld++;
        continue;
      }
      if (receivedMillis - s.time() > graceMillis) {
        lateFrom = Math.min(lateFrom, s.time());
      }
      if (fresh) {
        pred = new Last(s.seq(), s.time(), s.bootTime());
      }
      accepted.add(s);
    }
    List<TimeRange> unreachable = lateFrom == Long.MAX_VALUE ? List.of() : List.of(new TimeRange(lateFrom, receivedMillis));
    return new Prepared(accepted, unreachable, shift, tooOldUpTo, tooOld, steppedBack);
  }

  private static boolean sameBoot(Sample s, Last pred) {
    return pred.seq() >= 0 && Math.abs(s.bootTime() - pred.bootMillis()) <= DeviceTimeline.NEW_BOOT_TOLERANCE_MILLIS;
  }

  /** The sample taken at {@code timeMillis}: a clock that stepped back never makes a device's time run backwards. */
  private static Sample at(Sample s, long timeMillis) {
    return new Sample(s.seq(), timeMillis, s.bootTime(), s.event(), s.reason(), s.sleptFrom(), s.sleptUntil(),
        s.health(), s.inventory());
  }

  private static Sample check(Sample s, FieldPath at, long prevSeq) {
    if (s == null) {
      throw IngestException.badRequest(at + " is null (expected a sample object)");
    }
    long seq = FieldChecks.count(at, ".seq", s.seq());
    if (seq <= prevSeq) {
      throw IngestException.badRequest(at + ".seq " + seq + " is not greater than the previous sample's " + prevSeq
          + " (samples must be in seq order)");
    }
    FieldChecks.epochMillis(at, ".time", s.time());
    FieldChecks.epochMillis(at, ".bootTime", s.bootTime());
    FieldChecks.optionalEpochMillis(at, ".sleptFrom", s.sleptFrom());
    FieldChecks.optionalEpochMillis(at, ".sleptUntil", s.sleptUntil());
    if (s.event() == SampleEvent.SHUTDOWN && s.reason() == null) {
      throw IngestException.badRequest(at + ".reason is missing (a shutdown needs reason os or agent)");
    }
    if (s.event() == SampleEvent.RESUME) {
      if (s.sleptFrom() == null || s.sleptUntil() == null) {
        throw IngestException.badRequest(at + ": a resume needs sleptFrom and sleptUntil");
      }
      if (s.sleptUntil() < s.sleptFrom()) {
        throw IngestException.badRequest(at + ".sleptUntil " + s.sleptUntil() + " is before sleptFrom " + s.sleptFrom());
      }
    }
    HealthChecks.check(at.then(".health"), s.health());
    InventoryChecks.check(at.then(".inventory"), s.inventory());
    return s;
  }
}
