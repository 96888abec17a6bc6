package dev.uptally.common.protocol;

/** Answer to a heartbeat batch: every sample up to {@code ackedSeq} is durable at the collector. */
public record HeartbeatAck(long ackedSeq, int intervalSeconds) {}
