package dev.uptally.collector.incident;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.DeviceTimeline;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.sla.ContractBook;
import dev.uptally.collector.store.ContractHistory;
import dev.uptally.collector.store.ContractTransaction;
import dev.uptally.collector.store.SqliteContractStore;
import dev.uptally.common.time.TimeRange;
import dev.uptally.config.collector.Contract;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The customer's side of the contract: every occurrence of a patch window is judged once it has ended and grace has
 * passed, for each device of a listed class whose timeline covers it; a miss is a {@code patch-window-missed}
 * violation (and a {@code patchWindowMissed} incident when the contract has that rule). A verdict stays provisional
 * until a sample from after the window's end has been seen: late (spool) data re-judges it, and a window the device
 * turns out to have been up for is withdrawn. A {@code patchWindowMissed} incident resolves itself when its violation
 * is withdrawn or when the device keeps a later window.
 *
 * <p>How far windows have been judged is stored ({@value #WATERMARK}) with the verdicts, so a restart neither repeats
 * nor skips a window. Mutations run on the contract engine's single thread; {@link #needsReview} may be called from
 * any thread.
 */
final class PatchWindowEvaluator {

  static final String WATERMARK = "patchWindows.judgedUntil";
  static final String TYPE = "patch-window-missed";
  private static final long WEEK_MILLIS = 7 * 86_400_000L;

  private final ContractBook contracts;
  private final Fleet fleet;
  private final SqliteContractStore store;
  private final DeviceTimeline timeline;
  private final long lookbackMillis;
  /** device id → its violations whose verdict may still change. */
  private final Map<String, List<TrackedViolation>> provisional = new ConcurrentHashMap<>();

  /** @param lookbackMillis how far back a first run judges (the oldest sample the collector accepts) */
  PatchWindowEvaluator(ContractBook contracts, Fleet fleet, SqliteContractStore store, long lookbackMillis) {
    this.contracts = contracts;
    this.fleet = fleet;
    this.store = store;
    this.timeline = fleet.timeline();
    this.lookbackMillis = lookbackMillis;
  }

  void load() {
    provisional.clear();
    store.provisionalPatchViolations().forEach(this::addProvisional);
  }

  /** Whether the device sent samples newer than a provisional verdict of it has seen. */
  boolean needsReview(DeviceSnapshot s) {
    List<TrackedViolation> list = provisional.get(s.deviceId());
    if (list == null) {
      return false;
    }
    for (TrackedViolation v : list) {
      if (v.evidenceMillis() < s.progress().lastSampleMillis()) {
        return true;
      }
    }
    return false;
  }

  /** Judges the occurrences whose end + grace falls in {@code (watermark, now]} and moves the watermark to now. */
  void evaluate(long nowMillis, IncidentBook incidents) {
    long watermark = store.state(WATERMARK).orElse(nowMillis - lookbackMillis);
    if (nowMillis <= watermark) {
      return;
    }
    List<Judged> judged = new ArrayList<>();
    for (DeviceSnapshot s : fleet.snapshots()) {
      judge(s, watermark, nowMillis, judged);
    }
    judged.sort(Comparator.comparingLong(j -> j.verdict().startMillis())); // a device's windows in time order
    List<TrackedViolation> opened = new ArrayList<>();
    store.write("patch-window verdicts up to " + Instant.ofEpochMilli(nowMillis), tx -> {
      for (Judged j : judged) {
        if (j.verdict().compliant()) {
          // the customer kept the next window: a patchWindowMissed incident's condition has cleared
          incidents.autoResolve(tx, j.device().deviceId(), IncidentBook.PATCH_WINDOW_MISSED, nowMillis);
        } else {
          record(tx, j, nowMillis, incidents, opened);
        }
      }
      tx.setState(WATERMARK, nowMillis);
    });
    for (TrackedViolation v : opened) {
      if (v.evidenceMillis() < v.violation().end().toEpochMilli()) {
        addProvisional(v);
      }
    }
  }

  /**
   * Re-judges every provisional verdict whose device sent newer samples: catches a batch that became durable while
   * its window was being judged, before the verdict was listed here.
   */
  void reviewAll(long nowMillis, IncidentBook incidents) {
    for (String deviceId : List.copyOf(provisional.keySet())) {
      fleet.snapshot(deviceId).filter(this::needsReview).ifPresent(s -> review(s, nowMillis, incidents));
    }
  }

  /** Re-judges the device's provisional verdicts with the samples that arrived since. */
  void review(DeviceSnapshot s, long nowMillis, IncidentBook incidents) {
    List<TrackedViolation> list = provisional.get(s.deviceId());
    if (list == null) {
      return;
    }
    List<TrackedViolation> changed = new ArrayList<>();
    for (TrackedViolation v : list) {
      if (v.evidenceMillis() >= s.progress().lastSampleMillis()) {
        continue;
      }
      long start = v.violation().start().toEpochMilli();
      long end = v.violation().end().toEpochMilli();
      long minOnline = minOnlineOf(v);
      ContractHistory h = store.history(s.deviceId(), start, end);
      PatchWindowVerdict verdict = PatchWindowJudge.judge(new TimeRange(start, end), withTail(h, nowMillis), minOnline);
      Violation old = v.violation();
      Violation now = new Violation(old.id(), old.type(), old.party(), old.clientId(), old.deviceId(), old.start(),
          old.end(), verdict.compliant() ? old.cause() : verdict.cause(), detail(verdict));
      changed.add(new TrackedViolation(now, null, h.progress().lastSampleMillis(), verdict.compliant()));
    }
    if (changed.isEmpty()) {
      return;
    }
    boolean cleared = missesCleared(s.deviceId(), changed, incidents);
    store.write("review of patch-window verdicts of device " + s.deviceId(), tx -> {
      for (TrackedViolation v : changed) {
        tx.updateViolation(v, nowMillis);
      }
      if (cleared) {
        incidents.autoResolve(tx, s.deviceId(), IncidentBook.PATCH_WINDOW_MISSED, nowMillis);
      }
    });
    List<TrackedViolation> still = new ArrayList<>();
    for (TrackedViolation v : list) {
      TrackedViolation c = changed.stream().filter(x -> x.id().equals(v.id())).findFirst().orElse(v);
      if (!c.withdrawn() && c.evidenceMillis() < c.violation().end().toEpochMilli()) {
        still.add(c);
      }
    }
    if (still.isEmpty()) {
      provisional.remove(s.deviceId());
    } else {
      provisional.put(s.deviceId(), List.copyOf(still));
    }
  }

  /**
   * Whether withdrawing verdicts in {@code changed} leaves the device's open {@code patchWindowMissed} incident without
   * a miss: every miss it stands for (the one that opened it and those recorded while it was open; an earlier miss
   * belongs to an incident a kept window resolved) is now withdrawn.
   */
  private boolean missesCleared(String deviceId, List<TrackedViolation> changed, IncidentBook incidents) {
    if (changed.stream().noneMatch(TrackedViolation::withdrawn)) {
      return false;
    }
    TrackedIncident open = incidents.unresolved(deviceId, IncidentBook.PATCH_WINDOW_MISSED).orElse(null);
    if (open == null) {
      return false;
    }
    Set<String> withdrawnNow = new HashSet<>();
    changed.stream().filter(TrackedViolation::withdrawn).forEach(v -> withdrawnNow.add(v.id()));
    return store.standingViolationsOf(open.id()).stream().allMatch(withdrawnNow::contains);
  }

  /** Lists in the map are immutable and replaced whole, so that other threads may read them. */
  private void addProvisional(TrackedViolation v) {
    provisional.merge(v.violation().deviceId(), List.of(v), (a, b) -> {
      List<TrackedViolation> both = new ArrayList<>(a);
      both.addAll(b);
      return List.copyOf(both);
    });
  }

  private void judge(DeviceSnapshot s, long watermark, long nowMillis, List<Judged> out) {
    DeviceIdentity d = s.identity();
    Contract k = contracts.contract(d.clientId());
    if (k == null || k.patchWindows().isEmpty() || !s.progress().hasSamples()) {
      return;
    }
    ZoneId zone = contracts.deviceZone(d);
    long grace = timeline.graceMillis();
    for (Contract.PatchWindow w : k.patchWindows()) {
      if (!w.classes().contains(d.deviceClass())) {
        continue;
      }
      for (TimeRange occ : w.schedule().occurrences(watermark - grace - WEEK_MILLIS, nowMillis - grace + 1, zone)) {
        long due = occ.endMillis() + grace;
        if (due <= watermark || due > nowMillis || s.progress().startMillis() > occ.startMillis()) {
          continue;
        }
        ContractHistory h = store.history(d.deviceId(), occ.startMillis(), occ.endMillis());
        DeviceProgress p = h.progress();
        if (!p.hasSamples() || p.startMillis() > occ.startMillis()) {
          continue; // the timeline does not cover the window
        }
        PatchWindowVerdict verdict = PatchWindowJudge.judge(occ, withTail(h, nowMillis), w.minOnline().toMillis());
        out.add(new Judged(d, verdict, p.lastSampleMillis()));
      }
    }
  }

  private void record(ContractTransaction tx, Judged j, long nowMillis, IncidentBook incidents,
      List<TrackedViolation> opened) {
    DeviceIdentity d = j.device();
    PatchWindowVerdict verdict = j.verdict();
    Violation v = new Violation(UUID.randomUUID().toString(), TYPE, "customer", d.clientId(), d.deviceId(),
        Instant.ofEpochMilli(verdict.startMillis()), Instant.ofEpochMilli(verdict.endMillis()), verdict.cause(),
        detail(verdict));
    TrackedViolation t = new TrackedViolation(v, null, j.evidenceMillis(), false);
    if (!tx.insertViolation(t, nowMillis)) {
      return; // already judged (a window listed by two rules)
    }
    opened.add(t);
    tx.appendEvent(ContractEvents.violation(v, nowMillis));
    Contract k = contracts.contract(d.clientId());
    if (k.rules() != null && k.rules().patchWindowMissed() != null) {
      incidents.openIfAbsent(tx, d, IncidentBook.PATCH_WINDOW_MISSED, k.rules().patchWindowMissed().priority(),
          "patch window " + v.start() + " – " + v.end() + " missed: " + v.detail(), nowMillis)
          .ifPresent(i -> tx.linkViolation(i.id(), v.id()));
    }
  }

  private List<TimelineInterval> withTail(ContractHistory h, long nowMillis) {
    List<TimelineInterval> all = new ArrayList<>(h.intervals());
    TimelineInterval tail = timeline.openTail(h.progress(), nowMillis);
    if (tail != null) {
      all.add(tail);
    }
    return all;
  }

  /** The strictest minOnline among the device's windows matching this occurrence (the one that judged it). */
  private long minOnlineOf(TrackedViolation v) {
    DeviceSnapshot s = fleet.snapshot(v.violation().deviceId()).orElse(null);
    Contract k = contracts.contract(v.violation().clientId());
    long start = v.violation().start().toEpochMilli();
    long end = v.violation().end().toEpochMilli();
    long best = 0;
    if (s != null && k != null) {
      ZoneId zone = contracts.deviceZone(s.identity());
      for (Contract.PatchWindow w : k.patchWindows()) {
        if (w.classes().contains(s.identity().deviceClass())
            && w.schedule().occurrences(start, end, zone).contains(new TimeRange(start, end))) {
          best = Math.max(best, w.minOnline().toMillis());
        }
      }
    }
    return best == 0 ? end - start : best;
  }

  private static String detail(PatchWindowVerdict v) {
    return "up " + v.upMillis() / 1000 + " s of " + (v.endMillis() - v.startMillis()) / 1000 + " s, needs "
        + v.minOnlineMillis() / 1000 + " s";
  }

  private record Judged(DeviceIdentity device, PatchWindowVerdict verdict, long evidenceMillis) {}
}
