package dev.uptally.collector.incident;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.sla.ContractBook;
import dev.uptally.config.collector.Contract;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The unresolved incidents and every change to them: opening (at most one per device and rule), automatic and manual
 * resolution, acknowledgement, escalation and breaches of the response and resolution targets. Each change is written
 * with its outbox events through the {@link ContractTransaction} it is given.
 *
 * <p>Mutations run on the contract engine's single thread; {@link #hasOpen} may be called from any thread.
 * If a transaction fails, the caller reloads the book from storage ({@link #load}).
 */
final class IncidentBook {

  static final String DEVICE_DOWN = "deviceDown";
  static final String PATCH_WINDOW_MISSED = "patchWindowMissed";
  static final String RESPONSE_BREACH = "response-breach";
  static final String RESOLUTION_BREACH = "resolution-breach";

  private static final System.Logger LOG = System.getLogger(IncidentBook.class.getName());

  private final ContractBook contracts;
  /** device id → rule → unresolved incident. */
  private final Map<String, Map<String, TrackedIncident>> byDevice = new ConcurrentHashMap<>();
  private final Map<String, TrackedIncident> byId = new ConcurrentHashMap<>();

  IncidentBook(ContractBook contracts) {
    this.contracts = contracts;
  }

  void load(List<TrackedIncident> unresolved) {
    byDevice.clear();
    byId.clear();
    unresolved.forEach(this::remember);
  }

  boolean hasOpen(String deviceId) {
    Map<String, TrackedIncident> m = byDevice.get(deviceId);
    return m != null && !m.isEmpty();
  }

  Optional<TrackedIncident> unresolved(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  Optional<TrackedIncident> unresolved(String deviceId, String rule) {
    Map<String, TrackedIncident> m = byDevice.get(deviceId);
    return Optional.ofNullable(m == null ? null : m.get(rule));
  }

  Collection<TrackedIncident> allUnresolved() {
    return List.copyOf(byId.values());
  }

  /** Opens an incident unless the device has one of this rule unresolved; returns the one that is open. */
  Optional<TrackedIncident> openIfAbsent(ContractTransaction tx, DeviceIdentity device, String rule,
      String priorityName, String detail, long nowMillis) {
    Optional<TrackedIncident> existing = unresolved(device.deviceId(), rule);
    if (existing.isPresent()) {
      return existing;
    }
    Contract contract = contracts.contract(device.clientId());
    Contract.Priority priority = contract == null ? null : contract.priorities().get(priorityName);
    if (priority == null) {
      LOG.log(System.Logger.Level.WARNING, "rule {0} of client {1} names priority {2}, which its contract lacks;"
          + " no incident opened for device {3}", rule, device.clientId(), priorityName, device.deviceId());
      return Optional.empty();
    }
    DueTimes due = DueTimes.of(priority, contracts.config().calendar(priority.calendar()), contract.escalateAt(),
        nowMillis, contracts.clientZone(device.clientId()));
    Incident i = new Incident(UUID.randomUUID().toString(), device.clientId(), device.deviceId(), rule, priorityName,
        TrackedIncident.OPEN, Instant.ofEpochMilli(nowMillis), Instant.ofEpochMilli(due.responseDueMillis()),
        Instant.ofEpochMilli(due.resolutionDueMillis()), null, null, null, null, null, false, detail, null, null);
    TrackedIncident t = new TrackedIncident(i, due.escalateMillis(), false, false);
    save(tx, t);
    tx.appendEvent(ContractEvents.incident(ContractEvents.INCIDENT_OPENED, i, nowMillis));
    return Optional.of(t);
  }

  /** Resolves the device's incident of this rule automatically (its condition cleared), if one is unresolved. */
  void autoResolve(ContractTransaction tx, String deviceId, String rule, long nowMillis) {
    unresolved(deviceId, rule).ifPresent(t -> resolve(tx, t, null, null, "auto", nowMillis));
  }

  /** Acknowledges (the response); an incident already acknowledged or resolved is returned unchanged. */
  TrackedIncident acknowledge(ContractTransaction tx, TrackedIncident current, String who, String note,
      long nowMillis) {
    if (current.resolved() || current.acknowledged()) {
      return current;
    }
    TrackedIncident t = checkTimers(tx, current, nowMillis);
    Incident i = t.incident();
    Incident acked = new Incident(i.id(), i.clientId(), i.deviceId(), i.rule(), i.priority(),
        TrackedIncident.ACKNOWLEDGED, i.openedAt(), i.responseDue(), i.resolutionDue(), Instant.ofEpochMilli(nowMillis),
        who, null, null, null, i.escalated(), i.detail(), note, null);
    TrackedIncident done = new TrackedIncident(acked, t.escalateMillis(), t.responseBreached(),
        t.resolutionBreached());
    save(tx, done);
    return done;
  }

  /**
   * Resolves; an incident already resolved is returned unchanged. Resolving also answers an incident not yet
   * acknowledged: a response target missed before that is still reported as breached.
   *
   * @param resolution {@code auto} or {@code manual}
   */
  TrackedIncident resolve(ContractTransaction tx, TrackedIncident current, String who, String note, String resolution,
      long nowMillis) {
    if (current.resolved()) {
      return current;
    }
    TrackedIncident t = checkTimers(tx, current, nowMillis);
    Incident i = t.incident();
    Incident resolved = new Incident(i.id(), i.clientId(), i.deviceId(), i.rule(), i.priority(),
        TrackedIncident.RESOLVED, i.openedAt(), i.responseDue(), i.resolutionDue(), i.acknowledgedAt(),
        i.acknowledgedBy(), Instant.ofEpochMilli(nowMillis), who, resolution, i.escalated(), i.detail(), i.ackNote(),
        note);
    TrackedIncident done = new TrackedIncident(resolved, t.escalateMillis(), t.responseBreached(),
        t.resolutionBreached());
    save(tx, done);
    tx.appendEvent(ContractEvents.incident(ContractEvents.INCIDENT_RESOLVED, resolved, nowMillis));
    return done;
  }

  /** Fires escalations and breaches that are due at {@code nowMillis}. */
  void tick(ContractTransaction tx, long nowMillis) {
    for (TrackedIncident t : allUnresolved()) {
      checkTimers(tx, t, nowMillis);
    }
  }

  private TrackedIncident checkTimers(ContractTransaction tx, TrackedIncident t, long nowMillis) {
    if (t.resolved()) {
      return t;
    }
    Incident i = t.incident();
    boolean escalate = !t.acknowledged() && !i.escalated() && nowMillis >= t.escalateMillis();
    boolean responseBreach = !t.acknowledged() && !t.responseBreached() && nowMillis > i.responseDue().toEpochMilli();
    boolean resolutionBreach = !t.resolutionBreached() && nowMillis > i.resolutionDue().toEpochMilli();
    if (!escalate && !responseBreach && !resolutionBreach) {
      return t;
    }
    Incident now = escalate ? new Incident(i.id(), i.clientId(), i.deviceId(), i.rule(), i.priority(), i.state(),
        i.openedAt(), i.responseDue(), i.resolutionDue(), i.acknowledgedAt(), i.acknowledgedBy(), i.resolvedAt(),
        i.resolvedBy(), i.resolution(), true, i.detail(), i.ackNote(), i.resolveNote()) : i;
    TrackedIncident updated = new TrackedIncident(now, t.escalateMillis(), t.responseBreached() || responseBreach,
        t.resolutionBreached() || resolutionBreach);
    save(tx, updated);
    if (escalate) {
      tx.appendEvent(ContractEvents.incident(ContractEvents.INCIDENT_ESCALATED, now, nowMillis));
    }
    if (responseBreach) {
      breach(tx, now, RESPONSE_BREACH, "response", now.responseDue(), nowMillis);
    }
    if (resolutionBreach) {
      breach(tx, now, RESOLUTION_BREACH, "resolution", now.resolutionDue(), nowMillis);
    }
    return updated;
  }

  private void breach(ContractTransaction tx, Incident i, String type, String target, Instant due, long nowMillis) {
    Contract contract = contracts.contract(i.clientId());
    Contract.Priority p = contract == null ? null : contract.priorities().get(i.priority());
    Duration targetTime = p == null ? null : ("response".equals(target) ? p.response() : p.resolution());
    String detail = i.priority() + " " + target + " target" + (targetTime == null ? "" : " " + targetTime)
        + " missed for incident " + i.id() + " (" + i.rule() + "), due " + due;
    Violation v = new Violation(UUID.randomUUID().toString(), type, "msp", i.clientId(), i.deviceId(), i.openedAt(),
        due, null, detail);
    if (tx.insertViolation(new TrackedViolation(v, i.id(), null, false), nowMillis)) {
      tx.appendEvent(ContractEvents.violation(v, nowMillis));
    }
  }

  private void save(ContractTransaction tx, TrackedIncident t) {
    tx.saveIncident(t);
    if (t.resolved()) {
      byId.remove(t.id());
      Map<String, TrackedIncident> m = byDevice.get(t.incident().deviceId());
      if (m != null) {
        m.remove(t.incident().rule());
      }
    } else {
      remember(t);
    }
  }

  private void remember(TrackedIncident t) {
    byId.put(t.id(), t);
    byDevice.computeIfAbsent(t.incident().deviceId(), k -> new ConcurrentHashMap<>()).put(t.incident().rule(), t);
  }
}
