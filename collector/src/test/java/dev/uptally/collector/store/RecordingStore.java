package dev.uptally.collector.store;

import dev.uptally.collector.fleet.DeviceHistory;
import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceStore;
import dev.uptally.collector.fleet.DeviceUpdate;
import dev.uptally.collector.fleet.StoredDevice;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.common.time.TimeRange;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real store wrapped to watch {@link #commit}: records each group, can hold the first commit until
 * released (so a queue builds up behind it) and can fail commits on demand.
 */
final class RecordingStore implements DeviceStore {

  private final DeviceStore delegate;
  final List<List<DeviceUpdate>> commits = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstCommitEntered = new CountDownLatch(1);
  private final CountDownLatch release;
  private volatile RuntimeException failure;
  private volatile Error error;

  RecordingStore(DeviceStore delegate, boolean holdFirstCommit) {
    this.delegate = delegate;
    this.release = new CountDownLatch(holdFirstCommit ? 1 : 0);
  }

  /** Waits until the writer is inside the first commit. */
  void awaitFirstCommit() throws InterruptedException {
    if (!firstCommitEntered.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no commit started within 10 s");
    }
  }

  void releaseCommits() {
    release.countDown();
  }

  /** Commits from now on throw {@code e} (null: succeed again). */
  void failWith(RuntimeException e) {
    failure = e;
  }

  /** Commits from now on throw {@code e}, as a JVM in trouble would. */
  void failWithError(Error e) {
    error = e;
  }

  @Override
  public void commit(List<DeviceUpdate> updates) {
    firstCommitEntered.countDown();
    try {
      if (!release.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("test never released the held commit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while held", e);
    }
    commits.add(List.copyOf(updates));
    Error err = error;
    if (err != null) {
      throw err;
    }
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
    delegate.commit(updates);
  }

  @Override
  public List<StoredDevice> loadDevices() {
    return delegate.loadDevices();
  }

  @Override
  public void saveIdentity(DeviceIdentity identity) {
    delegate.saveIdentity(identity);
  }

  @Override
  public List<TimelineInterval> intervals(String deviceId, long fromMillis, long toMillis) {
    return delegate.intervals(deviceId, fromMillis, toMillis);
  }

  @Override
  public List<TimeRange> unreachable(String deviceId, long fromMillis, long toMillis) {
    return delegate.unreachable(deviceId, fromMillis, toMillis);
  }


  @Override
  public DeviceHistory history(String deviceId, long fromMillis, long toMillis) {
    return delegate.history(deviceId, fromMillis, toMillis);
  }
}
