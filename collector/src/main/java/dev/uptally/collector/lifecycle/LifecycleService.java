package dev.uptally.collector.lifecycle;

import dev.uptally.collector.audit.Actor;
import dev.uptally.collector.audit.AuditAction;
import dev.uptally.collector.fleet.TimedInventory;
import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.fleet.Retirement;
import dev.uptally.collector.fleet.RetirementReason;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

/**
 * The lifecycle operations behind the API: retire and reinstate a device (through the fleet, so they are ordered with
 * its heartbeats on its shard), list and correct its hardware changes, and lifetimes per hardware or drive model.
 * Each operator action's audit row is committed in the transaction of the action's own write. Thread-safe; blocking
 * (call it off the event loop).
 */
public final class LifecycleService {

  private final Fleet fleet;
  private final LifecycleStore store;
  private final Clock clock;
  private final Lifetimes lifetimes;

  /** @param confidence of the MTTF lower bound, as of the MTBF's */
  public LifecycleService(Fleet fleet, LifecycleStore store, Clock clock, double confidence) {
    this.fleet = fleet;
    this.store = store;
    this.clock = clock;
    this.lifetimes = new Lifetimes(confidence);
  }

  /**
   * Retires the device; empty when it is unknown.
   *
   * @param at null for now
   * @throws IllegalArgumentException for {@code at} in the future or before the device's first sample
   * @throws IllegalStateException when the device is retired already
   */
  public Optional<DeviceSnapshot> retire(String deviceId, RetirementReason reason, Instant at, String note, Actor by) {
    long now = clock.millis();
    long atMillis = at == null ? now : at.toEpochMilli();
    if (atMillis > now) {
      throw new IllegalArgumentException("'at' " + at + " is in the future (now is " + Instant.ofEpochMilli(now) + ")");
    }
    String detail = reason.wireName() + " at " + Instant.ofEpochMilli(atMillis) + noteLength(note);
    return join(fleet.retire(deviceId, new Retirement(atMillis, reason, note, by.tokenName(), now),
        by.entry(now, AuditAction.DEVICE_RETIRE, deviceId, detail)));
  }

  /** @throws IllegalStateException when the device is not retired */
  public Optional<DeviceSnapshot> reinstate(String deviceId, Actor by) {
    return join(fleet.reinstate(deviceId, by.entry(clock.millis(), AuditAction.DEVICE_REINSTATE, deviceId, null)));
  }

  /** What the audit log says of a note: its length, never its text (it may quote anything). */
  public static String noteLength(String note) {
    return note == null ? "" : ", note of " + note.length() + " characters";
  }

  /** The device's hardware changes, oldest first; empty when the device is unknown. */
  public Optional<List<HardwareChange>> hardwareChanges(String deviceId) {
    if (fleet.snapshot(deviceId).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(HardwareChanges.of(deviceId, store.inventories(deviceId), store.corrections(deviceId)));
  }

  /**
   * Records whether a change was a failure; empty when the device or the change is unknown.
   */
  public Optional<HardwareChange> correct(String deviceId, String changeId, boolean failure, String note, Actor by) {
    Optional<List<HardwareChange>> changes = hardwareChanges(deviceId);
    if (changes.isEmpty()) {
      return Optional.empty();
    }
    Optional<HardwareChange> change = changes.get().stream().filter(c -> c.id().equals(changeId)).findFirst();
    long now = clock.millis();
    change.ifPresent(c -> store.saveCorrection(new Correction(changeId, deviceId, failure, note, by.tokenName(), now),
        by.entry(now, AuditAction.HARDWARE_CHANGE_CORRECT, deviceId + "/" + changeId, (failure ? "a failure"
        : "no failure") + noteLength(note))));
    return change.map(c -> new HardwareChange(c.id(), c.deviceId(), c.atMillis(), c.kind(), c.removed(), c.added(),
        failure, note));
  }

  /** @param clientId null for every client */
  public List<LifetimeRow> lifetimes(Lifetimes.GroupBy groupBy, String clientId) {
    return lifetimes(groupBy, clientId, clock.millis());
  }

  /** Now, over the devices of the clients {@code clients} accepts (a client-scoped API token's). */
  public List<LifetimeRow> lifetimes(Lifetimes.GroupBy groupBy, Predicate<String> clients) {
    return lifetimes(groupBy, clients, clock.millis());
  }

  /** As observed at {@code asOfMillis} (a monthly report: its month's end, or now if that is earlier). */
  public List<LifetimeRow> lifetimes(Lifetimes.GroupBy groupBy, String clientId, long asOfMillis) {
    return lifetimes(groupBy, c -> clientId == null || clientId.equals(c), asOfMillis);
  }

  private List<LifetimeRow> lifetimes(Lifetimes.GroupBy groupBy, Predicate<String> clients, long asOfMillis) {
    List<DeviceSnapshot> devices = new ArrayList<>();
    for (DeviceSnapshot d : fleet.snapshots()) {
      if (clients.test(d.identity().clientId())) {
        devices.add(d);
      }
    }
    Map<String, List<TimedInventory>> histories = groupBy == Lifetimes.GroupBy.DRIVE_MODEL
        ? store.allInventories() : Map.of();
    Map<String, Correction> corrections = groupBy == Lifetimes.GroupBy.DRIVE_MODEL ? store.corrections(null) : Map.of();
    return lifetimes.rows(groupBy, devices, histories, corrections, asOfMillis);
  }

  /** Hardware changes of a client's devices in {@code [from, to)} (the monthly report's "hardware replaced"). */
  public List<HardwareChange> changesBetween(String clientId, long fromMillis, long toMillis) {
    Map<String, List<TimedInventory>> all = store.allInventories();
    Map<String, Correction> corrections = store.corrections(null);
    List<HardwareChange> out = new ArrayList<>();
    for (DeviceSnapshot d : fleet.snapshots()) {
      if (!d.identity().clientId().equals(clientId)) {
        continue;
      }
      for (HardwareChange c : HardwareChanges.of(d.deviceId(), all.getOrDefault(d.deviceId(), List.of()),
          corrections)) {
        if (c.atMillis() >= fromMillis && c.atMillis() < toMillis) {
          out.add(c);
        }
      }
    }
    out.sort((a, b) -> Long.compare(a.atMillis(), b.atMillis()));
    return out;
  }

  private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
