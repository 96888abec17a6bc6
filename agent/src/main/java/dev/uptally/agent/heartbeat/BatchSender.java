package dev.uptally.agent.heartbeat;

import dev.uptally.agent.clock.AgentClock;
import dev.uptally.agent.identity.DeviceToken;
import dev.uptally.agent.spool.SampleRecorder;
import dev.uptally.agent.spool.Spool;
import dev.uptally.agent.transport.CollectorClient;
import dev.uptally.agent.transport.CollectorException;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;

/**
 * Drains the spool to the collector, oldest first, in batches; trims the spool by each ack. A 401
 * re-enrolls once and retries; a 413 halves the batch size and retries. {@code sentAt} is stamped
 * on every request. Not thread-safe.
 */
final class BatchSender {

  private static final System.Logger LOG = System.getLogger(BatchSender.class.getName());

  /** @param drained nothing is left to send; @param intervalSeconds the collector's latest interval, or null */
  record Result(boolean drained, Integer intervalSeconds) {}

  private final SampleRecorder recorder;
  private final Spool spool;
  private final Enrollment enrollment;
  private final CollectorClient client;
  private final AgentClock clock;
  private int batchLimit;
  /** Halving batches to find the sample the collector refuses (400), among the seqs up to {@link #isolateThrough}. */
  private boolean isolating;
  private long isolateThrough;
  private int limitBeforeIsolating;

  BatchSender(SampleRecorder recorder, Enrollment enrollment, CollectorClient client, AgentClock clock, int maxBatch) {
    this.recorder = recorder;
    this.spool = recorder.spool();
    this.enrollment = enrollment;
    this.client = client;
    this.clock = clock;
    this.batchLimit = maxBatch;
  }

  Result drain(int maxRequests, Duration timeout) throws CollectorException {
    Integer interval = null;
    boolean reenrolled = false;
    int requests = 0;
    while (requests < maxRequests) {
      List<Sample> batch = spool.pending(batchLimit);
      if (batch.isEmpty()) {
        return new Result(true, interval);
      }
      DeviceToken token = enrollment.token(timeout);
      interval = orElse(enrollment.takeIntervalSeconds(), interval);
      HeartbeatAck ack;
      try {
        requests++;
        ack = client.sendHeartbeats(new HeartbeatBatch(enrollment.deviceId(), clock.millis(), batch,
            spool.droppedSamples()), token, timeout);
      } catch (CollectorException e) {
        if (e.kind() == CollectorException.Kind.UNAUTHORIZED && !reenrolled) {
          reenrolled = true;
          enrollment.tokenRejected();
          continue;
        }
        if (e.status() == 413 && batchLimit > 1) {
          batchLimit = Math.max(1, batchLimit / 2);
          LOG.log(Level.WARNING, "collector refused a batch as too large; sending at most {0} samples per request", batchLimit);
          continue;
        }
        if (refusesASample(e)) {
          isolateRefused(batch, e);
          endIsolationWhenPast();
          continue;
        }
        throw e;
      }
      interval = ack.intervalSeconds() > 0 ? ack.intervalSeconds() : interval;
      accept(ack, batch);
      endIsolationWhenPast();
    }
    return new Result(spool.pending(1).isEmpty(), interval);
  }

  /**
   * A 400 whose error (the collector's JSON error body) names a sample ({@code samples[i]…}) means the collector will
   * never take that sample (e.g. one from the future after the device's clock was stepped back). Any other 400 — one
   * about the request as a whole, or not from the collector at all (a proxy's HTML page, a TLS port spoken to in
   * plain HTTP) — says nothing about the samples: it is retried with backoff and the spool is kept.
   */
  private static boolean refusesASample(CollectorException e) {
    return e.status() == 400 && e.collectorError().filter(text -> text.contains("samples[")).isPresent();
  }

  /**
   * Halving the batch finds the refused sample in a few requests; that one is dropped and counted (reported to the
   * collector in {@code droppedSamples}), so one bad sample cannot hold the whole spool back, and full batches resume.
   */
  private void isolateRefused(List<Sample> batch, CollectorException e) {
    if (batch.size() > 1) {
      if (!isolating) {
        isolating = true;
        isolateThrough = batch.get(batch.size() - 1).seq();
        limitBeforeIsolating = batchLimit;
      }
      batchLimit = Math.max(1, batch.size() / 2);
      LOG.log(Level.WARNING, "collector refused a batch of {0} samples ({1}); sending {2} at a time to find the refused one",
          batch.size(), e.getMessage(), batchLimit);
      return;
    }
    long seq = batch.get(0).seq();
    spool.discardRefused(seq);
    if (isolating) {
      // found: the rest goes out in full batches again (another refused one among it is isolated the same way)
      isolating = false;
      batchLimit = limitBeforeIsolating;
    }
    LOG.log(Level.WARNING, "collector refused sample seq {0}: {1}; dropped it and counted it as dropped", seq,
        e.getMessage());
  }

  /** Back to full batches once everything that was in the refused batch is acknowledged or dropped. */
  private void endIsolationWhenPast() {
    if (isolating && spool.ackedSeq() >= isolateThrough) {
      isolating = false;
      batchLimit = limitBeforeIsolating;
    }
  }

  private void accept(HeartbeatAck ack, List<Sample> batch) throws CollectorException {
    long before = spool.ackedSeq();
    long lastSent = batch.get(batch.size() - 1).seq();
    if (ack.ackedSeq() > lastSent) {
      int moved = recorder.resequencePast(ack.ackedSeq());
      LOG.log(Level.WARNING, "collector has seqs up to {0}, beyond this agent''s {1} (state restored from an older"
          + " copy?): {2} unacknowledged samples renumbered above it and sent again", ack.ackedSeq(), lastSent, moved);
    }
    spool.acknowledge(ack.ackedSeq());
    if (spool.ackedSeq() <= before) {
      throw new CollectorException(CollectorException.Kind.REJECTED, 200, null,
          "collector acknowledged seq " + ack.ackedSeq() + ", no progress past " + before
              + " for a batch of seqs " + batch.get(0).seq() + ".." + lastSent, null);
    }
  }

  private static Integer orElse(Integer value, Integer fallback) {
    return value != null ? value : fallback;
  }
}
