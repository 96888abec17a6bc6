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
  /** Created when a batch first has to wait (most devices never do: a million idle queues are 48 MB). */
  private java.util.ArrayDeque<Shard.Waiting> waiting;

  DeviceState(DeviceSnapshot snapshot, byte[] tokenHash) {
    this.snapshot = snapshot;
    this.tokenHash = tokenHash;
    this.durable = snapshot.progress();
  }

  void await(Shard.Waiting w) {
    if (waiting == null) {
      waiting = new java.util.ArrayDeque<>(2);
    }
    waiting.add(w);
  }

  /** The next waiting batch, or null. */
  Shard.Waiting nextWaiting() {
    return waiting == null ? null : waiting.poll();
  }

  DeviceProgress progress() {
    return snapshot.progress();
  }
}
