package dev.uptally.collector.fleet;

/** Mutable per-device state, owned by exactly one shard thread. */
final class DeviceState {
  DeviceSnapshot snapshot;
  byte[] tokenHash;
  /** Progress as last made durable; the in-memory progress may run ahead while a commit is in flight. */
  DeviceProgress durable;
  /** Silence deadline at which this device sits in its shard's queue; MAX_VALUE when not queued. */
  long queuedDeadline = Long.MAX_VALUE;
  boolean silent;
  /** Until when an operator's release lets the device id be enrolled again without proof; 0 when not released. */
  long releasedUntilMillis;
  /** An update of this device is being committed; later batches wait in {@link #waiting}. */
  boolean inFlight;
  final java.util.ArrayDeque<Shard.Waiting> waiting = new java.util.ArrayDeque<>(1);

  DeviceState(DeviceSnapshot snapshot, byte[] tokenHash) {
    this.snapshot = snapshot;
    this.tokenHash = tokenHash;
    this.durable = snapshot.progress();
  }

  DeviceProgress progress() {
    return snapshot.progress();
  }
}
