package dev.uptally.common.protocol;

import java.util.List;

/**
 * {@code POST /v1/heartbeats} body.
 *
 * @param sentAt agent clock when sending, epoch millis; the collector derives clock skew from it
 * @param samples in increasing {@code seq} order
 * @param droppedSamples extension of v1: how many samples the agent's spool has dropped since the
 *     device enrolled (cumulative, never decreases); null from agents that do not report it
 */
public record HeartbeatBatch(String deviceId, Long sentAt, List<Sample> samples, Long droppedSamples) {

  public HeartbeatBatch {
    samples = Copies.list(samples);
  }

  public HeartbeatBatch(String deviceId, long sentAt, List<Sample> samples) {
    this(deviceId, sentAt, samples, null);
  }
}
