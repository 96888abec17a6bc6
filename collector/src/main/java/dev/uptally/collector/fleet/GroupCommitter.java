package dev.uptally.collector.fleet;

import dev.uptally.collector.store.StoreException;
import dev.uptally.collector.store.StoreOverloadedException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Turns many concurrent device updates into few durable commits: one writer thread takes whatever is
 * queued (at most {@code maxBatch}) and commits it in one {@link DeviceStore#commit(List)}, so one fsync
 * covers the whole group. Updates are committed in submission order, so the same device's updates in
 * one group are applied oldest first.
 *
 * <p>Futures complete on the writer thread once the group is durable, or exceptionally with the
 * store's exception; dependent stages must not block. A full queue fails at once with a
 * {@link StoreOverloadedException}. Thread-safe. Does not own the store: close the store after this.
 *
 * <p>Meters: {@code uptally.store.commit} (timer, exposed as {@code uptally_store_commit_seconds}),
 * {@code uptally.store.commit.batch.size} (summary of updates per commit), {@code uptally.store.queue.depth}
 * (gauge of updates waiting).
 */
public final class GroupCommitter implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());
  /** Queued by {@link #close()} after the last accepted update; the writer stops when it takes it. */
  private static final Pending STOP = new Pending(null, null);

  private final DeviceStore store;
  private final int maxBatch;
  private final int maxQueued;
  private final MeterRegistry registry;
  private final BlockingQueue<Pending> queue;
  private final ReadWriteLock closing = new ReentrantReadWriteLock();
  private final Thread writer;
  private final Timer commitTimer;
  private final DistributionSummary batchSize;
  private boolean closed;
  /** Why the writer stopped on its own, or null; guarded by {@link #closing}. */
  private String death;

  private record Pending(DeviceUpdate update, CompletableFuture<Void> done) {}

  /**
   * @param maxBatch most updates in one commit
   * @param maxQueued most updates waiting; beyond it {@link #submit} fails fast
   */
  public GroupCommitter(DeviceStore store, int maxBatch, int maxQueued, MeterRegistry registry) {
    if (maxBatch < 1 || maxQueued < 1) {
      throw new IllegalArgumentException("maxBatch and maxQueued must be at least 1: " + maxBatch + ", " + maxQueued);
    }
    this.store = store;
    this.maxBatch = maxBatch;
    this.maxQueued = maxQueued;
    this.registry = registry;
    // one slot beyond maxQueued for STOP; racing submitters may take it, then close() waits for room
    this.queue = new ArrayBlockingQueue<>(maxQueued + 1);
    this.commitTimer = Timer.builder("uptally.store.commit")
        .description("Time to commit one group of device updates durably")
        .publishPercentileHistogram()
        .register(registry);
    this.batchSize = DistributionSummary.builder("uptally.store.commit.batch.size")
        .description("Device updates per commit")
        .register(registry);
    Gauge.builder("uptally.store.queue.depth", queue, q -> q.size())
        .description("Device updates waiting for a commit")
        .register(registry);
    this.writer = new Thread(this::run, "uptally-group-committer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Queues an update; the future completes once it is durable.
   *
   * @return a future failed with {@link StoreOverloadedException} when {@code maxQueued} updates wait,
   *     or with {@link StoreException} after {@link #close()} or when the commit fails
   */
  public CompletableFuture<Void> submit(DeviceUpdate update) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    closing.readLock().lock();
    try {
      if (closed) {
        done.completeExceptionally(new StoreException("update of device " + update.deviceId()
            + " refused: the group committer is closed" + (death == null ? "" : " (" + death + ")")));
      } else if (queue.size() >= maxQueued || !queue.offer(new Pending(update, done))) {
        done.completeExceptionally(new StoreOverloadedException(
            "update of device " + update.deviceId() + " refused: " + queue.size() + " updates already wait for storage"));
      }
    } finally {
      closing.readLock().unlock();
    }
    return done;
  }

  /** Number of updates waiting. */
  public int queued() {
    return queue.size();
  }

  /** Commits everything queued, then stops the writer thread. Idempotent. */
  @Override
  public void close() {
    closing.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      closing.writeLock().unlock();
    }
    try {
      queue.put(STOP);
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("close: interrupted while the group committer flushed " + queue.size() + " updates", e);
    }
  }

  private void run() {
    List<Pending> group = new ArrayList<>(maxBatch);
    boolean stop = false;
    while (!stop) {
      group.clear();
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        LOG.log(System.Logger.Level.ERROR, "group committer interrupted with {0} updates queued; they fail",
            queue.size());
        die("its writer thread was interrupted", e);
        return;
      }
      queue.drainTo(group, maxBatch - 1);
      if (group.get(group.size() - 1) == STOP) {
        group.remove(group.size() - 1);
        stop = true;
      }
      if (!group.isEmpty()) {
        commit(group);
      }
    }
  }

  private void commit(List<Pending> group) {
    List<DeviceUpdate> updates = new ArrayList<>(group.size());
    for (Pending p : group) {
      updates.add(p.update());
    }
    Timer.Sample sample = Timer.start(registry);
    try {
      store.commit(updates);
    } catch (RuntimeException e) {
      for (Pending p : group) {
        p.done().completeExceptionally(e);
      }
      return;
    } catch (Error e) {
      StoreException failure = new StoreException("commit of " + group.size() + " device updates failed: " + e, e);
      for (Pending p : group) {
        p.done().completeExceptionally(failure);
      }
      die("its writer thread failed: " + e, e);
      throw e;
    } finally {
      sample.stop(commitTimer);
      batchSize.record(group.size());
    }
    for (Pending p : group) {
      p.done().complete(null);
    }
  }

  /** The writer cannot go on: refuse new updates, fail the queued ones. */
  private void die(String why, Throwable cause) {
    closing.writeLock().lock();
    try {
      closed = true;
      death = why;
    } finally {
      closing.writeLock().unlock();
    }
    List<Pending> rest = new ArrayList<>();
    queue.drainTo(rest);
    for (Pending p : rest) {
      if (p != STOP) {
        p.done().completeExceptionally(new StoreException("update of device " + p.update().deviceId()
            + " not committed: the group committer stopped, " + why, cause));
      }
    }
  }
}
