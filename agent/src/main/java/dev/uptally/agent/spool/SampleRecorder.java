package dev.uptally.agent.spool;

import dev.uptally.agent.identity.IdentityStore;
import dev.uptally.common.protocol.Sample;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Gives each new sample the next seq and makes it durable: append to the spool (fsync), then persist
 * the next seq. A crash between the two leaves the spool ahead of the counter, which
 * {@link #SampleRecorder} corrects on the next start, so seqs stay continuous across kill -9.
 *
 * <p>Thread-safe (the heartbeat loop and the shutdown hook both record).
 */
public final class SampleRecorder {

  /** Samples read and recorded again per step of {@link #resequencePast}. */
  static final int RESEQUENCE_PAGE = 500;

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
   * The collector already holds seqs up to {@code collectorSeq}, beyond what this agent sent: its state was
   * restored from an older copy (a backup, a VM snapshot reverted after a bad patch) or its seq file was lost.
   * The collector takes every unacknowledged sample at or below that seq for a replay and ignores it. So every
   * unacknowledged sample is recorded again, in order and unchanged but for its seq, above everything spooled — the
   * ones above {@code collectorSeq} too, so that the collector still receives them in time order — a page at a
   * time, each page's originals acknowledged once its copies are durable; new samples continue above. A crash in
   * between leaves at most one page both as copies and as originals; the collector ignores the originals at or
   * below its seq and takes the others as the repeated samples they are (same times, nothing new).
   *
   * @return how many samples were renumbered
   */
  public synchronized int resequencePast(long collectorSeq) {
    long lastOriginal = spool.lastSeq().orElse(0);
    long above = Math.max(collectorSeq, lastOriginal);
    if (above >= nextSeq) {
      nextSeq = above + 1;
      identity.saveNextSeq(nextSeq);
    }
    int moved = 0;
    while (true) {
      List<Sample> originals = spool.pending(RESEQUENCE_PAGE).stream().filter(x -> x.seq() <= lastOriginal)
          .toList();
      if (originals.isEmpty()) {
        break;
      }
      for (Sample x : originals) {
        record(seq -> new Sample(seq, x.time(), x.bootTime(), x.event(), x.reason(), x.sleptFrom(), x.sleptUntil(),
            x.health(), x.inventory()));
        moved++;
      }
      spool.acknowledge(originals.get(originals.size() - 1).seq());
    }
    spool.acknowledge(collectorSeq);
    return moved;
  }
}
