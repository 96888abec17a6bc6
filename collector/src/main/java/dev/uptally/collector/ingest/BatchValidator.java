package dev.uptally.collector.ingest;

import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.SampleEvent;
import dev.uptally.common.time.TimeRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a heartbeat batch field by field and prepares it for the state engine: skew correction, samples too old
 * to accept, samples from the future, and the reachability gap the batch proves. Stateless; thread-safe.
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

  /** The batch ready for the engine. {@code tooOldUpToSeq} is the highest seq skipped for age, or -1. */
  record Prepared(List<Sample> samples, List<TimeRange> unreachable, long skewMillis, long tooOldUpToSeq,
      int tooOld) {}

  Prepared prepare(HeartbeatBatch b, long receivedMillis) {
    DeviceIds.check("deviceId", b.deviceId());
    if (b.sentAt() == null) {
      throw IngestException.badRequest("sentAt is missing (epoch milliseconds of the agent's clock when sending)");
    }
    if (b.samples().size() > maxSamples) {
      throw new IngestException(413, "too_large",
          "samples has " + b.samples().size() + " entries; at most " + maxSamples + " per request");
    }
    if (b.droppedSamples() != null && b.droppedSamples() < 0) {
      throw IngestException.badRequest("droppedSamples must not be negative: " + b.droppedSamples());
    }
    long skew;
    try {
      skew = Math.subtractExact(receivedMillis, b.sentAt());
    } catch (ArithmeticException e) {
      throw IngestException.badRequest("sentAt " + b.sentAt() + " is not a time in epoch milliseconds");
    }
    long shift = Math.abs(skew) > SKEW_THRESHOLD_MILLIS ? skew : 0;
    List<Sample> accepted = new ArrayList<>(b.samples().size());
    long prevSeq = Long.MIN_VALUE;
    long tooOldUpTo = -1;
    int tooOld = 0;
    long lateFrom = Long.MAX_VALUE;
    for (int i = 0; i < b.samples().size(); i++) {
      Sample s = shifted(check(b.samples().get(i), i, prevSeq), i, shift);
      prevSeq = s.seq();
      if (s.time() > receivedMillis + FUTURE_TOLERANCE_MILLIS) {
        throw IngestException.badRequest("samples[" + i + "].time " + s.time() + " is "
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
      accepted.add(s);
    }
    List<TimeRange> unreachable = lateFrom == Long.MAX_VALUE ? List.of() : List.of(new TimeRange(lateFrom, receivedMillis));
    return new Prepared(accepted, unreachable, shift, tooOldUpTo, tooOld);
  }

  /** Skew correction that refuses a device time the shift would carry past the range of a long. */
  private static Sample shifted(Sample s, int i, long shift) {
    String at = "samples[" + i + "].";
    shiftable(at + "time", s.time(), shift);
    shiftable(at + "bootTime", s.bootTime(), shift);
    shiftable(at + "sleptFrom", s.sleptFrom(), shift);
    shiftable(at + "sleptUntil", s.sleptUntil(), shift);
    return s.shifted(shift);
  }

  private static void shiftable(String field, Long value, long shift) {
    if (value == null) {
      return;
    }
    try {
      Math.addExact(value, shift);
    } catch (ArithmeticException e) {
      throw IngestException.badRequest(field + " " + value + " is not a time in epoch milliseconds (out of range"
          + " after correcting the clock skew of " + shift / 1000 + " s)");
    }
  }

  private static Sample check(Sample s, int i, long prevSeq) {
    String at = "samples[" + i + "]";
    if (s == null) {
      throw IngestException.badRequest(at + " is null");
    }
    if (s.seq() == null || s.seq() < 0) {
      throw IngestException.badRequest(at + ".seq is " + (s.seq() == null ? "missing" : "negative: " + s.seq()));
    }
    if (s.seq() <= prevSeq) {
      throw IngestException.badRequest(at + ".seq " + s.seq() + " is not greater than the previous sample's " + prevSeq
          + " (samples must be in seq order)");
    }
    if (s.time() == null) {
      throw IngestException.badRequest(at + ".time is missing");
    }
    if (s.bootTime() == null) {
      throw IngestException.badRequest(at + ".bootTime is missing");
    }
    if (s.bootTime() > s.time() + FUTURE_TOLERANCE_MILLIS) {
      throw IngestException.badRequest(at + ".bootTime " + s.bootTime() + " is after its time " + s.time());
    }
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
    return s;
  }
}
