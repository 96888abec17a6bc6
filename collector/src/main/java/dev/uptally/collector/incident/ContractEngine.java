package dev.uptally.collector.incident;

import dev.uptally.collector.audit.Actor;
import dev.uptally.collector.audit.AuditAction;
import dev.uptally.collector.audit.AuditEntry;
import dev.uptally.collector.concurrent.Executors2;
import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.fleet.FleetListener;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.sla.ContractBook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Both sides of the contract: verdicts on patch windows and on each month's availability against the targets, judged
 * from the evidence whenever it arrives ({@link EvidenceJudge}), incidents opened and resolved by the contract's rules,
 * their escalation and breaches. Fleet callbacks (on shard threads) only filter and hand work to the engine's own
 * single thread; a periodic evaluation on that thread, driven by the injected clock, judges what silence lets be judged
 * provisionally and fires due timers ({@link #evaluate(long)} runs it on demand). Reads go straight to storage.
 *
 * <p>Lifecycle: construct, pass as the fleet's listener, {@link #start(Fleet)} once the fleet is loaded,
 * {@link #close()}. Thread-safe.
 */
public final class ContractEngine implements ContractQueries, FleetListener, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ContractEngine.class.getName());
  private static final long CALL_TIMEOUT_SECONDS = 30;

  private final ContractBook contracts;
  private final ContractStore store;
  private final DeviceHistories histories;
  /** Set by {@link #close()}: a pass in progress stops at its next device. */
  private volatile boolean closing;
  private final Clock clock;
  private final long lookbackMillis;
  private final Duration period;
  private final IncidentBook incidents;
  private final DeviceRules rules;
  private final ScheduledExecutorService thread;
  private final PatchWindowMetrics patchMetrics;
  private final SlaFigures figures;
  private volatile EvidenceJudge judge;
  private volatile Fleet fleet;
  /** Silence is not judged before one grace after start (agents need that long to be heard again). */
  private volatile long silenceNotBeforeMillis = Long.MAX_VALUE;
  /**
   * After a start, agents' backoff (capped at 5 min) may still hold back what they spooled while the collector was
   * down: a device not heard from since the start gets no provisional verdict (evidence missing) before this has
   * passed. Verdicts from complete evidence never wait.
   */
  static final long REPLAY_ALLOWANCE_MILLIS = 5 * 60_000L;

  /**
   * @param lookbackMillis how far back the first evaluation judges patch windows (the oldest sample accepted)
   * @param period how often the periodic evaluation runs
   * @param figures the devices' SLA figures, for the months judged against the availability targets
   */
  public ContractEngine(ContractBook contracts, ContractStore store, DeviceHistories histories, Clock clock,
      long lookbackMillis, Duration period, SlaFigures figures) {
    this.contracts = contracts;
    this.histories = histories;
    this.figures = figures;
    this.store = store;
    this.clock = clock;
    this.lookbackMillis = lookbackMillis;
    this.period = period;
    this.incidents = new IncidentBook(contracts);
    this.rules = new DeviceRules(contracts, incidents);
    this.patchMetrics = new PatchWindowMetrics(store);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "uptally-contracts");
      t.setDaemon(true);
      return t;
    });
  }

  /** Loads unresolved incidents and provisional verdicts, then starts the periodic evaluation. */
  public void start(Fleet fleet) {
    call(() -> {
      this.fleet = fleet;
      silenceNotBeforeMillis = clock.millis() + fleet.timeline().graceMillis();
      judge = new EvidenceJudge(contracts, fleet, store, histories, figures, lookbackMillis, clock.millis(),
          Math.max(fleet.timeline().graceMillis(), REPLAY_ALLOWANCE_MILLIS));
      reload();
      patchMetrics.refresh();
      return null;
    });
    long p = period.toMillis();
    // the first pass at once: evidence that arrived before a restart (or before the engine ran) is judged now
    thread.scheduleWithFixedDelay(() -> guarded("periodic evaluation", () -> evaluateHere(clock.millis())), 0, p,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Judges what the evidence (or a silence) lets be judged and fires escalations and breaches due at
   * {@code nowMillis}; waits.
   */
  public void evaluate(long nowMillis) {
    call(() -> {
      evaluateHere(nowMillis);
      return null;
    });
  }

  /** {@code uptally_patch_window_missed_total}, refreshed after every evaluation on the engine thread. */
  public PatchWindowMetrics patchWindowMetrics() {
    return patchMetrics;
  }

  /** Waits until the work handed to the engine so far is done (tests, orderly shutdown). */
  public void awaitIdle() {
    call(() -> null);
  }

  /** Outbox events in creation order. */
  public List<OutboxEvent> outbox() {
    return store.outbox();
  }

  @Override
  public void deviceSilent(DeviceSnapshot device, long sinceMillis) {
    long declaredAtMillis = clock.millis(); // as for a batch: the incident is stamped with when silence was declared
    handOff("silence", device, () -> rules.silenceOpens(device, declaredAtMillis),
        () -> onSilent(device, sinceMillis, declaredAtMillis));
  }

  @Override
  public void batchApplied(DeviceSnapshot device, List<TimelineInterval> closed, boolean wasSilent) {
    // the time the batch was applied, read here on the shard thread before the agent is answered: what it opens or
    // resolves is stamped with it, however long the engine thread takes to get to it
    long appliedAtMillis = clock.millis();
    handOff("batch", device, () -> {
      EvidenceJudge j = judge; // one map lookup per batch: judging itself runs on the engine thread
      return (j != null && j.needsJudging(device)) || !rules.afterBatch(device, appliedAtMillis).isEmpty();
    }, () -> onBatch(device, appliedAtMillis));
  }

  /**
   * A device was retired or reinstated. Retired: its verdicts after its service end are withdrawn and its unresolved
   * incidents resolved ({@code retired}, by whoever retired it). Reinstated: it is judged again from the start of its
   * lookback, which reinstates what the retirement withdrew; the periodic check reopens what is still down.
   */
  @Override
  public void lifecycleChanged(DeviceSnapshot device) {
    long at = clock.millis();
    handOff("lifecycle", device, () -> true, () -> onLifecycle(device, at));
  }

  private void onLifecycle(DeviceSnapshot device, long nowMillis) {
    DeviceSnapshot latest = fleet == null ? device : fleet.snapshot(device.deviceId()).orElse(device);
    if (judge != null) {
      judge.judgeAfresh(latest, nowMillis, incidents);
      patchMetrics.refresh();
    }
    var r = latest.progress().retirement();
    if (r == null) {
      return;
    }
    List<TrackedIncident> open = incidents.allUnresolved().stream()
        .filter(t -> t.incident().deviceId().equals(device.deviceId())).toList();
    if (!open.isEmpty()) {
      String note = "device retired (" + r.reason().wireName() + ")" + (r.note() == null ? "" : ": " + r.note());
      store.write("incidents of retired device " + device.deviceId(), tx -> {
        for (TrackedIncident t : open) {
          incidents.resolve(tx, t, r.by(), note, "retired", nowMillis);
        }
      });
    }
  }

  /**
   * On a shard thread: when {@code needed}, queues {@code work} for the engine thread. Never throws, because the shard
   * acknowledges the agent's batch after this callback: a contract problem must not hold up ingest.
   */
  private void handOff(String kind, DeviceSnapshot device, BooleanSupplier needed, Runnable work) {
    try {
      if (needed.getAsBoolean()) {
        thread.execute(() -> guarded(kind + " of device " + device.deviceId(), work));
      }
    } catch (RejectedExecutionException e) {
      LOG.log(System.Logger.Level.WARNING, "contract engine is stopped; " + kind + " of device " + device.deviceId()
          + " not evaluated");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "contract engine: checking " + kind + " of device " + device.deviceId()
          + " failed", e);
    }
  }

  @Override
  public List<Violation> violations(String clientId, String party, long fromMillis, long toMillis) {
    return store.violations(clientId, party, fromMillis, toMillis);
  }

  @Override
  public List<Incident> incidents(String state, String clientId, long fromMillis, long toMillis) {
    return store.incidents(state, clientId, fromMillis, toMillis);
  }

  @Override
  public Optional<Incident> incident(String id) {
    return store.incident(id).map(TrackedIncident::incident);
  }

  @Override
  public Optional<Incident> acknowledge(String id, Actor who, String note) {
    return call(() -> operate(id, "acknowledge", (tx, t, now) -> {
      TrackedIncident done = incidents.acknowledge(tx, t, who.tokenName(), note, now);
      tx.appendAudit(audit(who, now, AuditAction.INCIDENT_ACKNOWLEDGE, t, done, note));
      return done;
    }));
  }

  @Override
  public Optional<Incident> resolve(String id, Actor who, String note) {
    return call(() -> operate(id, "resolve", (tx, t, now) -> {
      TrackedIncident done = incidents.resolve(tx, t, who.tokenName(), note, "manual", now);
      tx.appendAudit(audit(who, now, AuditAction.INCIDENT_RESOLVE, t, done, note));
      return done;
    }));
  }

  /** The audit row of an operator's change of {@code before} into {@code after} (the same when it changed nothing). */
  private static AuditEntry audit(Actor who, long nowMillis, AuditAction action, TrackedIncident before,
      TrackedIncident after, String note) {
    String detail = after == before ? "unchanged: the incident was " + before.incident().state() + " already"
        : before.incident().state() + " -> " + after.incident().state();
    return who.entry(nowMillis, action, before.id(), note == null ? detail : detail + ", note of " + note.length()
        + " characters");
  }

  @Override
  public Optional<List<Incident>> acknowledgeAll(List<String> ids, Actor who, String note) {
    return call(() -> operateAll(ids, "acknowledge", (tx, t, now) -> {
      TrackedIncident done = incidents.acknowledge(tx, t, who.tokenName(), note, now);
      tx.appendAudit(audit(who, now, AuditAction.INCIDENT_ACKNOWLEDGE, t, done, note));
      return done;
    }));
  }

  @Override
  public Optional<List<Incident>> resolveAll(List<String> ids, Actor who, String note) {
    return call(() -> operateAll(ids, "resolve", (tx, t, now) -> {
      TrackedIncident done = incidents.resolve(tx, t, who.tokenName(), note, "manual", now);
      tx.appendAudit(audit(who, now, AuditAction.INCIDENT_RESOLVE, t, done, note));
      return done;
    }));
  }

  @Override
  public OptionalInt judgedOccurrences(String deviceId, String type, long fromMillis, long toMillis) {
    EvidenceJudge j = judge;
    Fleet f = fleet;
    if (j == null || f == null || !Occurrences.TYPES.contains(type)) {
      return OptionalInt.empty();
    }
    Optional<DeviceSnapshot> s = f.snapshot(deviceId);
    if (s.isEmpty()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(j.judgedOccurrences(s.get(), type, fromMillis, toMillis));
  }

  @Override
  public java.time.ZoneId clientZone(String clientId) {
    return contracts.clientZone(clientId);
  }

  @Override
  public void close() {
    // a pass over a large fleet (the first after a start judges every device) stops at the next device, so that
    // close does not wait for it and nothing runs on after the storage closes
    closing = true;
    Executors2.stop(thread, Duration.ofSeconds(10));
  }

  /** Whether {@link #close()} has begun (for tests of a close during a pass). */
  boolean closing() {
    return closing;
  }

  // ---- on the engine thread ----

  /**
   * One pass. Its steps fail independently (each is guarded: logged, state reloaded): a step that keeps failing, say
   * on a broken month, must not also stop escalations and breaches from firing.
   */
  private void evaluateHere(long nowMillis) {
    if (judge != null && fleet != null) {
      for (DeviceSnapshot s : fleet.snapshots()) {
        if (closing) {
          return;
        }
        if (judge.due(s, nowMillis)) {
          judgeGuarded(s, nowMillis);
        }
      }
    }
    if (fleet != null) {
      guarded("deviceDown still down", () -> apply("deviceDown still down (after maintenance or a delay)",
          rules.stillDown(fleet, nowMillis, silenceNotBeforeMillis), nowMillis));
    }
    if (!incidents.allUnresolved().isEmpty()) {
      guarded("incident timers", () -> store.write("incident timers at " + Instant.ofEpochMilli(nowMillis),
          tx -> incidents.tick(tx, nowMillis)));
    }
    patchMetrics.refresh();
  }

  private void onSilent(DeviceSnapshot device, long sinceMillis, long now) {
    if (rules.silenceOpens(device, now)) {
      apply("silence of device " + device.deviceId(), List.of(new DeviceRules.RuleChange(device.identity(),
          IncidentBook.DEVICE_DOWN, true, rules.downPriority(device.identity()),
          "silent since " + Instant.ofEpochMilli(sinceMillis))), now);
    }
  }

  private void onBatch(DeviceSnapshot device, long now) {
    apply("rules of device " + device.deviceId(), rules.afterBatch(device, now), now);
    DeviceSnapshot latest = fleet.snapshot(device.deviceId()).orElse(device);
    if (judge != null && judge.needsJudging(latest)) {
      judge.judge(latest, now, incidents);
    }
  }

  private void apply(String what, List<DeviceRules.RuleChange> changes, long nowMillis) {
    if (changes.isEmpty()) {
      return;
    }
    store.write(what, tx -> {
      for (DeviceRules.RuleChange c : changes) {
        if (c.open()) {
          incidents.openIfAbsent(tx, c.device(), c.rule(), c.priority(), c.detail(), nowMillis);
        } else {
          incidents.autoResolve(tx, c.device().deviceId(), c.rule(), nowMillis);
        }
      }
    });
  }

  private interface Operation {
    TrackedIncident apply(ContractTransaction tx, TrackedIncident current, long nowMillis);
  }

  private Optional<Incident> operate(String id, String what, Operation op) {
    Optional<TrackedIncident> current = incidents.unresolved(id).or(() -> store.incident(id));
    if (current.isEmpty()) {
      return Optional.empty();
    }
    long now = clock.millis();
    TrackedIncident[] done = new TrackedIncident[1];
    store.write(what + " incident " + id, tx -> done[0] = op.apply(tx, current.get(), now));
    return Optional.of(done[0].incident());
  }

  /** All or nothing: every id is looked up before anything is written, and the changes commit in one transaction. */
  private Optional<List<Incident>> operateAll(List<String> ids, String what, Operation op) {
    List<TrackedIncident> current = new ArrayList<>(ids.size());
    for (String id : ids) {
      Optional<TrackedIncident> found = incidents.unresolved(id).or(() -> store.incident(id));
      if (found.isEmpty()) {
        return Optional.empty();
      }
      current.add(found.get());
    }
    long now = clock.millis();
    List<Incident> done = new ArrayList<>(ids.size());
    store.write(what + " " + ids.size() + " incidents", tx -> {
      for (TrackedIncident t : current) {
        done.add(op.apply(tx, t, now).incident());
      }
    });
    return Optional.of(done);
  }

  private void reload() {
    incidents.load(store.unresolvedIncidents());
    if (judge != null) {
      judge.load();
    }
  }

  /**
   * One device's judging; a failure is logged and leaves the others to be judged. Its range is stored only with its
   * verdicts, so it stays due; the incidents the failed transaction touched are read back from storage.
   */
  private void judgeGuarded(DeviceSnapshot s, long nowMillis) {
    try {
      judge.judge(s, nowMillis, incidents);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "contract engine: judging device " + s.deviceId() + " failed; it stays due",
          e);
      try {
        incidents.load(store.unresolvedIncidents());
      } catch (RuntimeException again) {
        LOG.log(System.Logger.Level.ERROR, "contract engine: reloading incidents after a failure failed too", again);
      }
    }
  }

  // ---- threading ----

  private void guarded(String what, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "contract engine: " + what + " failed; reloading state from storage", e);
      try {
        reload();
      } catch (RuntimeException again) {
        LOG.log(System.Logger.Level.ERROR, "contract engine: reload after a failure failed too", again);
      }
    }
  }

  /** Runs {@code work} on the engine thread and waits for it; its exception is rethrown here. */
  private <T> T call(Callable<T> work) {
    Future<T> f = thread.submit(() -> {
      try {
        return work.call();
      } catch (RuntimeException e) {
        try {
          reload();
        } catch (RuntimeException again) {
          e.addSuppressed(again);
        }
        throw e;
      }
    });
    try {
      return f.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the contract engine", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the contract engine did not answer within " + CALL_TIMEOUT_SECONDS + " s", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("contract engine call failed: " + e.getCause(), e.getCause());
    }
  }
}
