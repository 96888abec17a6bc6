package dev.uptally.collector.fleet;

import dev.uptally.collector.audit.AuditEntry;

import dev.uptally.collector.concurrent.Executors2;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.time.TimeRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Owns a partition of the fleet. Every method that touches device state runs on the shard's single thread,
 * so the hot path takes no locks. Silence detection keeps each device at most once in a deadline queue and
 * re-queues lazily: a heartbeat only moves the device's deadline field, and the check (timed for the earliest
 * queued deadline, at least once a second) looks at the devices whose queued deadline has passed — never at the whole shard.
 */
final class Shard implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Shard.class.getName());

  private final String name;
  private final Fleet fleet;
  private final Map<String, DeviceState> devices = new HashMap<>();
  private final PriorityQueue<DeviceState> deadlines =
      new PriorityQueue<>((a, b) -> Long.compare(a.queuedDeadline, b.queuedDeadline));
  private final ScheduledExecutorService thread;
  /** Commit outcomes waiting for the shard thread ({@link #onShard}). */
  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean outcomesScheduled = new AtomicBoolean();

  Shard(int index, Fleet fleet) {
    this.name = "uptally-shard-" + index;
    this.fleet = fleet;
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    // the next silence check is a delayed task: closing must drop it, not wait for it
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.thread = executor;
  }

  void start() {
    thread.schedule(this::safeTick, MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
  }

  void execute(Runnable task) {
    thread.execute(task);
  }

  /** Called at load time, before {@link #start()}, on the loading thread. */
  void load(DeviceState d, long notBeforeMillis) {
    devices.put(d.snapshot.deviceId(), d);
    schedule(d, notBeforeMillis);
  }

  DeviceState device(String id) {
    return devices.get(id);
  }

  void put(DeviceState d) {
    devices.put(d.snapshot.deviceId(), d);
  }

  /**
   * Applies a validated batch. Samples at or below the device's seq are skipped (replays change nothing).
   * The ack is sent once the update is durable. A device has at most one update in flight: later batches wait
   * behind it, because each builds on the state the one before left. If a commit fails, the device falls back to
   * its durable progress and every batch waiting behind the failed one fails too (the agent retries them all
   * from its last acknowledged seq), so nothing is acknowledged on top of a change that was not stored.
   */
  void apply(DeviceState d, Batch batch, CompletableFuture<Long> ack) {
    if (d.inFlight) {
      d.await(new Waiting(batch, ack));
      return;
    }
    DeviceProgress before = d.progress();
    DeviceTimeline timeline = fleet.timeline();
    List<TimelineInterval> closed = new ArrayList<>(2);
    DeviceProgress p = before;
    Health health = null;
    Inventory inventory = null;
    List<TimedInventory> inventories = new ArrayList<>(0);
    DeviceTimeline.PlannedCheck planned = t -> fleet.maintenance().inMaintenance(d.snapshot.identity(), t);
    for (Sample s : batch.samples()) {
      if (s.seq() <= p.lastSeq()) {
        continue;
      }
      p = timeline.apply(p, s, closed, planned);
      if (s.health() != null) {
        health = s.health();
      }
      if (s.inventory() != null) {
        inventory = s.inventory();
        inventories.add(new TimedInventory(s.time(), s.inventory()));
      }
    }
    long dropped = batch.droppedSamples() == null ? p.droppedSamples() : Math.max(p.droppedSamples(), batch.droppedSamples());
    if (p == before && dropped == before.droppedSamples()) {
      ack.complete(d.durable.lastSeq()); // a replay: nothing new, acknowledge what is durable
      return;
    }
    p = p.withDroppedSamples(dropped);
    boolean wasSilent = d.silent;
    d.silent = false;
    d.inFlight = true;
    d.snapshot = d.snapshot.with(p, health, inventory, batch.receivedMillis());
    fleet.publish(d.snapshot);
    schedule(d, 0);
    DeviceUpdate update = new DeviceUpdate(d.snapshot.deviceId(), p, health, inventory, closed,
        batch.unreachable(), batch.receivedMillis(), inventories);
    DeviceProgress applied = p;
    fleet.sink().submit(update).whenComplete((ok, err) -> onShard(new Outcome(
        () -> committed(d, applied, closed, wasSilent, err, ack),
        () -> ack.completeExceptionally(shuttingDown()))));
  }

  private void committed(DeviceState d, DeviceProgress applied, List<TimelineInterval> closed, boolean wasSilent,
      Throwable err, CompletableFuture<Long> ack) {
    d.inFlight = false;
    if (err != null) {
      d.snapshot = d.snapshot.with(d.durable, null, null, d.snapshot.lastReceivedMillis());
      fleet.publish(d.snapshot);
      ack.completeExceptionally(err);
      Waiting w;
      while ((w = d.nextWaiting()) != null) {
        w.ack().completeExceptionally(err);
      }
      return;
    }
    d.durable = applied;
    fleet.listener().batchApplied(d.snapshot, closed, wasSilent);
    ack.complete(applied.lastSeq());
    Waiting next = d.nextWaiting();
    if (next != null) {
      apply(d, next.batch(), next.ack());
    }
  }

  /**
   * Retires the device, or reinstates it with {@code null}: its progress changes and is committed like a batch's, in
   * order with them (an update in flight is waited for). The listener hears of it once it is durable; a reinstated
   * device is queued for silence detection again. The operator's audit row is committed in the same transaction.
   */
  void changeRetirement(DeviceState d, Retirement retirement, AuditEntry audit,
      CompletableFuture<DeviceSnapshot> done) {
    if (d.inFlight) {
      thread.schedule(() -> changeRetirement(d, retirement, audit, done), 5, TimeUnit.MILLISECONDS);
      return;
    }
    DeviceProgress p = d.progress().withRetirement(retirement);
    d.inFlight = true;
    d.silent = false;
    d.snapshot = d.snapshot.with(p, null, null, d.snapshot.lastReceivedMillis());
    fleet.publish(d.snapshot);
    DeviceUpdate update = new DeviceUpdate(d.snapshot.deviceId(), p, null, null, List.of(), List.of(),
        d.snapshot.lastReceivedMillis(), List.of(), List.of(audit));
    fleet.sink().submit(update).whenComplete((ok, err) -> onShard(new Outcome(() -> {
        d.inFlight = false;
        if (err != null) {
          d.snapshot = d.snapshot.with(d.durable, null, null, d.snapshot.lastReceivedMillis());
          fleet.publish(d.snapshot);
          done.completeExceptionally(err);
        } else {
          d.durable = p;
          schedule(d, 0);
          fleet.listener().lifecycleChanged(d.snapshot);
          done.complete(d.snapshot);
        }
        Waiting next = d.nextWaiting();
        if (next != null) {
          apply(d, next.batch(), next.ack());
        }
      }, () -> done.completeExceptionally(shuttingDown()))));
  }

  private static FleetRefusal shuttingDown() {
    return new FleetRefusal(FleetRefusal.Kind.SHUTTING_DOWN, "the collector is shutting down");
  }

  /**
   * Hands a commit's outcome to the shard thread. The committer completes a whole group at once: the outcomes queue
   * here and one task on the shard thread runs all that arrived, so a group of N updates wakes the shard once, not N
   * times (and the committer goes back to committing sooner). When the shard has stopped, the outcome's refusal runs
   * instead, on the caller's thread.
   */
  private void onShard(Outcome outcome) {
    outcomes.add(outcome);
    if (!outcomesScheduled.compareAndSet(false, true)) {
      return; // a drain is scheduled and has not started polling yet, or is polling: it takes this one
    }
    try {
      execute(this::runOutcomes);
    } catch (RejectedExecutionException stopped) {
      outcomesScheduled.set(false);
      Outcome o;
      while ((o = outcomes.poll()) != null) {
        o.ifStopped().run();
      }
    }
  }

  private void runOutcomes() {
    outcomesScheduled.set(false); // before polling: an outcome queued from now on schedules another drain
    Outcome o;
    while ((o = outcomes.poll()) != null) {
      try {
        o.onShard().run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "shard " + name + ": handling a commit's outcome failed", e);
      }
    }
  }

  /** What to do on the shard thread once a commit ended, and what instead when the shard has stopped. */
  private record Outcome(Runnable onShard, Runnable ifStopped) {}

  /** (Re)queues a device for silence detection, lazily: at most one queue entry per device. */
  private void schedule(DeviceState d, long notBeforeMillis) {
    long deadline = fleet.timeline().silenceDeadline(d.progress());
    if (deadline == Long.MAX_VALUE || d.queuedDeadline != Long.MAX_VALUE) {
      return; // nothing to wait for, or already queued: the tick re-reads the real deadline
    }
    d.queuedDeadline = Math.max(deadline, notBeforeMillis);
    deadlines.add(d);
  }

  /** The silence check waits at most this long: a deadline queued earlier than the one it waits for is found late by
   * at most this much. */
  static final long MAX_WAIT_MILLIS = 1000;
  /** ... and at least this long (a stopped test clock must not make the check spin). */
  static final long MIN_WAIT_MILLIS = 5;

  /**
   * The silence check; a failure is logged and the next check runs (a dead timer would stop detection). The next
   * one is timed for the earliest queued deadline, not for the next whole second: a fixed one-second tick made a
   * whole fleet falling silent at one deadline (the start-up grace's end) wait half a second on average before it
   * was even looked at (bench/results/fleet-scale.md).
   */
  private void safeTick() {
    try {
      tick(fleet.clock().millis());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "silence check of shard " + name + " failed; retrying next second", e);
    }
    try {
      thread.schedule(this::safeTick, nextWaitMillis(fleet.clock().millis()), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopped) {
      // the shard is closing: no further checks
    }
  }

  /** How long until the earliest queued deadline has passed, within {@link #MIN_WAIT_MILLIS} and {@link
   * #MAX_WAIT_MILLIS}. Runs on the shard thread. */
  long nextWaitMillis(long nowMillis) {
    DeviceState head = deadlines.peek();
    long wait = head == null ? MAX_WAIT_MILLIS : head.queuedDeadline + 1 - nowMillis;
    return Math.max(MIN_WAIT_MILLIS, Math.min(MAX_WAIT_MILLIS, wait));
  }

  /** Fires silence for every device whose deadline has passed. Runs on the shard thread. */
  void tick(long nowMillis) {
    DeviceState d;
    while ((d = deadlines.peek()) != null && d.queuedDeadline < nowMillis) {
      deadlines.poll();
      long real = fleet.silenceDeadline(d.snapshot); // a refused batch (contact) defers silence as a sample does
      d.queuedDeadline = Long.MAX_VALUE;
      if (fleet.timeline().silenceDeadline(d.progress()) == Long.MAX_VALUE) {
        continue;
      }
      if (real >= nowMillis) { // silent means: nothing heard for longer than grace
        d.queuedDeadline = real;
        deadlines.add(d);
      } else if (!d.silent) {
        d.silent = true;
        fleet.listener().deviceSilent(d.snapshot, d.progress().lastSampleMillis());
        // lateness as of the declaration, not the tick's start: a tick that declares many devices takes a while
        fleet.silenceDetected(Math.max(nowMillis, fleet.clock().millis()) - real);
      }
    }
  }

  @Override
  public void close() {
    Executors2.stop(thread, Duration.ofSeconds(10));
  }

  ScheduledExecutorService executor() {
    return thread;
  }


  /** A batch waiting behind the device's update in flight. */
  record Waiting(Batch batch, CompletableFuture<Long> ack) {}

  /** A validated, skew-corrected heartbeat batch. */
  record Batch(List<Sample> samples, Long droppedSamples, List<TimeRange> unreachable, long receivedMillis) {}
}
