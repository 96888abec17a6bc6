package dev.uptally.collector.incident;

import dev.uptally.collector.fleet.DeviceHistory;
import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.DeviceTimeline;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.sla.ContractBook;
import dev.uptally.config.collector.ClientConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Judges each device's occurrences (patch windows, availability months) from its timeline, whenever the evidence
 * arrives: an occurrence is judged as soon as the device has been heard from after its end (the timeline before the
 * newest sample never changes again, so that verdict is final), and provisionally — from what is known, the silence
 * after the last sample included — once grace has passed since its end while nothing is being heard. Late evidence
 * (a spool replay, a device enrolled with spooled history, a backfill) is judged like live evidence, for every
 * occurrence within the lookback that the timeline covers. Verdicts are reconciled with the stored ones (inserted,
 * revised, withdrawn), so judging again — after a restart, a replay or a change of rules — neither duplicates nor skips.
 *
 * <p>How far each device is judged is stored with its verdicts ({@link JudgedRange}); a digest of each client's rules
 * is stored too ({@value #RULES_PREFIX}{@code <client>}), and when it changes the client's ranges are forgotten so that
 * the open range is judged again under the new rules. Incidents are for the present (see {@link PatchWindowIncidents}).
 *
 * <p>{@link #judge} and {@link #load} run on the contract engine's thread; {@link #needsJudging} and {@link #due} may be
 * called from any thread (a shard's, for every batch: one map lookup).
 */
final class EvidenceJudge {

  static final String RULES_PREFIX = "rules.";
  /** How far before a range the intervals are read: longer than any patch window. */
  private static final long READ_BEFORE_MILLIS = 8 * 86_400_000L;

  private final ContractBook contracts;
  private final Fleet fleet;
  private final ContractStore store;
  private final DeviceHistories histories;
  private final SlaFigures figures;
  private final Occurrences occurrences;
  private final DeviceTimeline timeline;
  private final long lookbackMillis;
  private final long quietMillis;
  private final long startedAtMillis;
  private final long replayAllowanceMillis;
  private final Map<String, Judged> judged = new ConcurrentHashMap<>();

  /** A stored range with the occurrence ends that ask for the next judging. */
  private record Judged(JudgedRange range, long nextFinalEndMillis, long nextProvisionalEndMillis) {}

  /**
   * @param lookbackMillis occurrences ending longer ago than this are not judged (the oldest sample accepted)
   * @param startedAtMillis when the collector started: a device not heard from since may be an agent still backing
   *     off, so it is judged provisionally only {@code replayAllowanceMillis} after it
   */
  EvidenceJudge(ContractBook contracts, Fleet fleet, ContractStore store, DeviceHistories histories,
      SlaFigures figures, long lookbackMillis, long startedAtMillis, long replayAllowanceMillis) {
    this.contracts = contracts;
    this.histories = histories;
    this.fleet = fleet;
    this.store = store;
    this.figures = figures;
    this.occurrences = new Occurrences(contracts);
    this.timeline = fleet.timeline();
    this.lookbackMillis = lookbackMillis;
    this.startedAtMillis = startedAtMillis;
    this.replayAllowanceMillis = replayAllowanceMillis;
    // an agent replaying its spool sends batch after batch; one quiet heartbeat interval says it is not replaying
    this.quietMillis = contracts.config().heartbeat().intervalSeconds() * 1000L;
  }

  /** Forgets the ranges of clients whose rules changed since they were stored, then loads every device's range. */
  void load() {
    for (ClientConfig c : contracts.config().clients()) {
      long digest = RulesFingerprint.of(contracts.config(), c);
      OptionalLong stored = store.state(RULES_PREFIX + c.id());
      if (stored.isEmpty() || stored.getAsLong() != digest) {
        store.write("rules of client " + c.id() + (stored.isEmpty() ? " recorded" : " changed: judging again"), tx -> {
          tx.forgetJudgedRanges(c.id());
          tx.setState(RULES_PREFIX + c.id(), digest);
        });
      }
    }
    judged.clear();
    for (JudgedRange r : store.judgedRanges()) {
      fleet.snapshot(r.deviceId()).ifPresent(s -> remember(s.identity(), s.progress().startMillis(), r));
    }
  }

  /** Whether the device has sent evidence past an occurrence not yet judged from complete evidence. */
  boolean needsJudging(DeviceSnapshot s) {
    if (!s.progress().hasSamples() || s.progress().retired()) {
      return false; // a retired device was judged when it was retired (judgeAfresh), and sends nothing since
    }
    Judged j = judged.get(s.deviceId());
    return j == null || s.progress().lastSampleMillis() >= j.nextFinalEndMillis();
  }

  /**
   * Whether the periodic pass should judge the device: {@link #needsJudging}, or an occurrence ended more than grace
   * ago while the device may be judged provisionally.
   */
  boolean due(DeviceSnapshot s, long nowMillis) {
    if (needsJudging(s)) {
      return true;
    }
    Judged j = judged.get(s.deviceId());
    return j != null && nowMillis - timeline.graceMillis() >= j.nextProvisionalEndMillis()
        && mayJudgeProvisionally(s, nowMillis);
  }

  /**
   * Whether occurrences whose evidence is missing may be judged from what is known: the device is not being heard from
   * (no batch for a heartbeat interval: it is not replaying a spool), and either it was heard from since the collector
   * started (so its silence is not our outage) or agents have had the replay allowance to be heard again.
   */
  private boolean mayJudgeProvisionally(DeviceSnapshot s, long nowMillis) {
    return nowMillis - s.lastReceivedMillis() > quietMillis
        && (s.lastReceivedMillis() >= startedAtMillis || nowMillis >= startedAtMillis + replayAllowanceMillis);
  }

  /**
   * Judges the device from the start of its lookback, forgetting how far it was judged: after a retirement (which
   * withdraws the verdicts after its service end) or a reinstatement (which brings them back).
   */
  void judgeAfresh(DeviceSnapshot s, long nowMillis, IncidentBook incidents) {
    judged.remove(s.deviceId());
    judge(s, nowMillis, incidents);
  }

  /** Judges the device's occurrences that its evidence (or its silence) now lets be judged; writes in one transaction. */
  void judge(DeviceSnapshot s, long nowMillis, IncidentBook incidents) {
    DeviceIdentity d = s.identity();
    Judged prev = judged.get(d.deviceId());
    long floor = nowMillis - lookbackMillis;
    long fromGuess = prev == null ? s.progress().startMillis() - 1 : prev.range().evidenceMillis();
    DeviceHistory h = histories.history(d.deviceId(), Math.max(fromGuess, floor) - READ_BEFORE_MILLIS, nowMillis);
    if (!h.progress().hasSamples()) {
      return;
    }
    long timelineStart = h.progress().startMillis();
    JudgedRange range = prev == null
        ? new JudgedRange(d.deviceId(), d.clientId(), timelineStart - 1, timelineStart - 1) : prev.range();
    long evidence = Math.max(range.evidenceMillis(), h.progress().lastSampleMillis());
    long to = evidence;
    if (mayJudgeProvisionally(s, nowMillis)) {
      to = Math.max(to, nowMillis - timeline.graceMillis());
    }
    long from = Math.max(range.evidenceMillis(), floor);
    long serviceEnd = h.progress().serviceEndMillis(); // a retired device's timeline ends there: nothing after it
    long judgeTo = Math.min(to, serviceEnd);
    List<Outcome> outcomes = new ArrayList<>();
    for (Occurrence o : occurrences.between(d, timelineStart, from, judgeTo)) {
      outcomes.add(outcome(d, o, h, nowMillis));
    }
    List<TrackedViolation> stored = new ArrayList<>(judgeTo > from
        ? store.verdicts(d.deviceId(), Occurrences.TYPES, from, judgeTo) : List.of());
    if (serviceEnd != Long.MAX_VALUE) { // withdrawn below: no standing verdict on what ends after the service end
      stored.addAll(store.verdicts(d.deviceId(), Occurrences.TYPES, Math.max(serviceEnd, from), Long.MAX_VALUE));
    }
    JudgedRange next = new JudgedRange(d.deviceId(), d.clientId(), evidence,
        Math.max(range.judgedUntilMillis(), to));
    PatchWindowIncidents pwi = new PatchWindowIncidents(contracts, store, incidents, d,
        occurrences.latestPatchWindowEnd(d, timelineStart, nowMillis));
    pwi.beforeWrite(withdrawnBy(outcomes, stored));
    store.write("verdicts of device " + d.deviceId(), tx -> {
      reconcile(tx, d, outcomes, stored, h.progress().lastSampleMillis(), nowMillis, pwi);
      tx.saveJudgedRange(next);
    });
    remember(d, timelineStart, next);
  }

  /** The verdict on one occurrence, with what a violation of it says. */
  private record Outcome(Occurrence occurrence, boolean missed, String cause, String detail) {}

  private Outcome outcome(DeviceIdentity d, Occurrence o, DeviceHistory h, long nowMillis) {
    if (o.isPatchWindow()) {
      PatchWindowVerdict v = PatchWindowJudge.judge(new dev.uptally.common.time.TimeRange(o.startMillis(),
          o.endMillis()), withTail(h, nowMillis), o.minOnlineMillis());
      return new Outcome(o, !v.compliant(), v.compliant() ? null : v.cause(), VerdictText.patchWindow(v));
    }
    return figures.of(d.deviceId(), o.startMillis(), o.endMillis())
        .map(sla -> new Outcome(o, sla.belowTarget(), null, sla.belowTarget() ? VerdictText.month(sla) : null))
        .orElse(new Outcome(o, false, null, null));
  }

  /** Ids of stored standing verdicts that this judging withdraws. */
  private static Set<String> withdrawnBy(List<Outcome> outcomes, List<TrackedViolation> stored) {
    Set<String> missed = new HashSet<>();
    outcomes.stream().filter(Outcome::missed).forEach(o -> missed.add(key(o.occurrence())));
    Set<String> out = new HashSet<>();
    for (TrackedViolation v : stored) {
      if (!v.withdrawn() && !missed.contains(key(v.violation()))) {
        out.add(v.id());
      }
    }
    return out;
  }

  private void reconcile(ContractTransaction tx, DeviceIdentity d, List<Outcome> outcomes,
      List<TrackedViolation> stored, long evidenceMillis, long nowMillis, PatchWindowIncidents pwi) {
    Map<String, TrackedViolation> byKey = new HashMap<>();
    stored.forEach(v -> byKey.put(key(v.violation()), v));
    pwi.resolveIfCleared(tx, nowMillis);
    for (Outcome o : outcomes) {
      TrackedViolation old = byKey.remove(key(o.occurrence()));
      String violationId = null;
      if (o.missed()) {
        violationId = record(tx, d, o, old, evidenceMillis, nowMillis);
      } else if (old != null && !old.withdrawn()) {
        tx.updateViolation(new TrackedViolation(old.violation(), null, evidenceMillis, true), nowMillis);
      }
      if (o.occurrence().isPatchWindow()) {
        pwi.judged(tx, o.occurrence(), violationId, nowMillis);
      }
    }
    for (TrackedViolation gone : byKey.values()) { // no longer an occurrence under the rules in force
      if (!gone.withdrawn()) {
        tx.updateViolation(new TrackedViolation(gone.violation(), null, evidenceMillis, true), nowMillis);
      }
    }
  }

  /** Inserts, revises or reinstates the violation of a missed occurrence; returns its id. */
  private String record(ContractTransaction tx, DeviceIdentity d, Outcome o, TrackedViolation old, long evidenceMillis,
      long nowMillis) {
    TrackedViolation existing = old != null ? old
        : store.violation(o.occurrence().type(), d.deviceId(), o.occurrence().startMillis()).orElse(null);
    if (existing == null) {
      Violation v = VerdictText.violation(d, o.occurrence(), o.cause(), o.detail());
      if (tx.insertViolation(new TrackedViolation(v, null, evidenceMillis, false), nowMillis)) {
        tx.appendEvent(ContractEvents.violation(v, nowMillis));
      }
      return v.id();
    }
    Violation was = existing.violation();
    Violation now = new Violation(was.id(), was.type(), was.party(), was.clientId(), was.deviceId(), was.start(),
        was.end(), o.cause(), o.detail());
    if (existing.withdrawn() || !now.equals(was) || !Long.valueOf(evidenceMillis).equals(existing.evidenceMillis())) {
      tx.updateViolation(new TrackedViolation(now, null, evidenceMillis, false), nowMillis);
      if (existing.withdrawn()) {
        tx.appendEvent(ContractEvents.violation(now, nowMillis)); // reinstated: the PSA hears of it again
      }
    }
    return was.id();
  }

  /**
   * How many occurrences of {@code type} overlapping {@code [fromMillis, toMillis)} carry a verdict for the device
   * (missed or kept): those within its timeline and service that end at or before how far it is judged. Counted under
   * the rules in force, from the stored range; any thread.
   */
  int judgedOccurrences(DeviceSnapshot s, String type, long fromMillis, long toMillis) {
    Judged j = judged.get(s.deviceId());
    if (j == null || !s.progress().hasSamples()) {
      return 0;
    }
    long upTo = Math.min(Math.min(j.range().judgedUntilMillis(), s.progress().serviceEndMillis()),
        toMillis > Long.MAX_VALUE - READ_BEFORE_MILLIS ? Long.MAX_VALUE : toMillis + READ_BEFORE_MILLIS);
    long after = Math.max(fromMillis, s.progress().startMillis() - 1); // nothing ends before the timeline begins
    int n = 0;
    for (Occurrence o : occurrences.between(s.identity(), s.progress().startMillis(), after, upTo)) {
      if (o.type().equals(type) && o.startMillis() < toMillis) {
        n++;
      }
    }
    return n;
  }

  private void remember(DeviceIdentity d, long timelineStart, JudgedRange r) {
    judged.put(r.deviceId(), new Judged(r, occurrences.nextEnd(d, timelineStart, r.evidenceMillis()),
        occurrences.nextEnd(d, timelineStart, r.judgedUntilMillis())));
  }

  private List<TimelineInterval> withTail(DeviceHistory h, long nowMillis) {
    List<TimelineInterval> all = new ArrayList<>(h.intervals());
    TimelineInterval tail = timeline.openTail(h.progress(), nowMillis);
    if (tail != null) {
      all.add(tail);
    }
    return all;
  }

  private static String key(Occurrence o) {
    return o.type() + "@" + o.startMillis();
  }

  private static String key(Violation v) {
    return v.type() + "@" + v.start().toEpochMilli();
  }
}
