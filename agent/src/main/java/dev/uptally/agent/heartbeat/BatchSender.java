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
  /** Sending one sample at a time to find the one the collector refuses (400). */
  private boolean isolating;
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
        if (e.status() == 400) {
          isolateRefused(batch, e);
          continue;
        }
        throw e;
      }
      interval = ack.intervalSeconds() > 0 ? ack.intervalSeconds() : interval;
      accept(ack, batch);
      if (isolating && batch.size() == 1) {
        isolating = false; // the refused sample is behind us: back to full batches
        batchLimit = limitBeforeIsolating;
      }
    }
    return new Result(spool.pending(1).isEmpty(), interval);
  }

  /**
   * A 400 means the collector will never take this batch as it is (e.g. a sample from the future after the device's
   * clock was stepped back). Sending one sample at a time finds the refused one; that one is dropped and counted
   * (reported to the collector in {@code droppedSamples}), so one bad sample cannot hold the whole spool back.
   */
  private void isolateRefused(List<Sample> batch, CollectorException e) {
    if (batch.size() > 1) {
      if (!isolating) {
        isolating = true;
        limitBeforeIsolating = batchLimit;
      }
      batchLimit = 1;
      LOG.log(Level.WARNING, "collector refused a batch of {0} samples ({1}); sending one at a time to find the refused one",
          batch.size(), e.getMessage());
      return;
    }
    long seq = batch.get(0).seq();
    spool.discardRefused(seq);
    LOG.log(Level.WARNING, "collector refused sample seq {0}: {1}; dropped it and counted it as dropped", seq,
        e.getMessage());
  }

  private void accept(HeartbeatAck ack, List<Sample> batch) throws CollectorException {
    long before = spool.ackedSeq();
    long lastSent = batch.get(batch.size() - 1).seq();
    if (ack.ackedSeq() > lastSent) {
      recorder.skipPast(ack.ackedSeq());
      LOG.log(Level.WARNING, "collector has seqs up to {0}, beyond this agent''s {1}; continuing above it",
          ack.ackedSeq(), lastSent);
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
