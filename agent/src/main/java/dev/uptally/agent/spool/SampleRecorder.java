package dev.uptally.agent.spool;

import dev.uptally.agent.identity.IdentityStore;
import dev.uptally.common.protocol.Sample;
import java.util.function.LongFunction;

/**
 * Gives each new sample the next seq and makes it durable: append to the spool (fsync), then persist
 * the next seq. A crash between the two leaves the spool ahead of the counter, which
 * {@link #SampleRecorder} corrects on the next start, so seqs stay continuous across kill -9.
 *
 * <p>Thread-safe (the heartbeat loop and the shutdown hook both record).
 */
public final class SampleRecorder {

  private final Spool spool;
  private final IdentityStore identity;
  private long nextSeq;

  public SampleRecorder(Spool spool, IdentityStore identity) {
    this.spool = spool;
    this.identity = identity;
    long persisted = identity.nextSeq();
    spool.accountMissingBefore(persisted);
    long fromSpool = Math.max(spool.lastSeq().orElse(0), spool.ackedSeq()) + 1;
    this.nextSeq = Math.max(persisted, fromSpool);
  }

  /** Builds the sample with the next seq, appends it durably and returns it. */
  public synchronized Sample record(LongFunction<Sample> build) {
    Sample sample = build.apply(nextSeq);
    if (sample.seq() == null || sample.seq() != nextSeq) {
      throw new IllegalArgumentException("sample built with seq " + sample.seq() + ", expected " + nextSeq);
    }
    try {
      spool.append(sample);
    } catch (RuntimeException e) {
      if (spool.lastSeq().orElse(0) >= sample.seq()) {
        // durable, but what followed the append (enforcing the bounds) failed: the seq is used
        advancePast(sample.seq(), e);
      }
      throw e;
    }
    advancePast(sample.seq(), null);
    return sample;
  }

  private void advancePast(long seq, RuntimeException pending) {
    nextSeq = seq + 1;
    try {
      identity.saveNextSeq(nextSeq);
    } catch (RuntimeException e) {
      if (pending == null) {
        throw e;
      }
      pending.addSuppressed(e);
    }
  }

  /** The seq the next recorded sample gets. */
  public synchronized long nextSeq() {
    return nextSeq;
  }

  public Spool spool() {
    return spool;
  }

  /**
   * The collector has applied seqs up to {@code ackedSeq}, beyond anything recorded here (the seq
   * file was lost or restored from a backup): continue above it, or new samples would be ignored
   * as replays.
   */
  public synchronized void skipPast(long ackedSeq) {
    if (ackedSeq >= nextSeq) {
      nextSeq = ackedSeq + 1;
      identity.saveNextSeq(nextSeq);
    }
  }
}
