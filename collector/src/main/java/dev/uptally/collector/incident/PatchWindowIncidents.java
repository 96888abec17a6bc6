package dev.uptally.collector.incident;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.sla.ContractBook;
import dev.uptally.config.collector.Contract;
import java.time.Instant;
import java.util.Set;

/**
 * A device's {@code patchWindowMissed} incident, for the present only: opened when the device's most recent patch
 * window (the latest that has ended) is judged missed; joined by misses of windows that ended after it was opened;
 * resolved when a window that ended after it was opened is kept, or when every miss it stands for is withdrawn.
 * Judging history (a replay, a backfill, a change of rules) therefore opens nothing for a condition that had already
 * cleared; the violations are still recorded and notified. One per judging of one device, on the engine thread.
 */
final class PatchWindowIncidents {

  private final ContractBook contracts;
  private final ContractStore store;
  private final IncidentBook incidents;
  private final DeviceIdentity device;
  private final long latestWindowEndMillis;
  private boolean cleared;

  /** @param latestWindowEndMillis end of the device's most recent patch window that has ended */
  PatchWindowIncidents(ContractBook contracts, ContractStore store, IncidentBook incidents, DeviceIdentity device,
      long latestWindowEndMillis) {
    this.contracts = contracts;
    this.store = store;
    this.incidents = incidents;
    this.device = device;
    this.latestWindowEndMillis = latestWindowEndMillis;
  }

  /** Before the write: whether the verdicts this judging withdraws leave the open incident without a standing miss. */
  void beforeWrite(Set<String> withdrawnIds) {
    TrackedIncident open = open();
    cleared = open != null && !withdrawnIds.isEmpty()
        && withdrawnIds.containsAll(store.standingViolationsOf(open.id()));
  }

  void resolveIfCleared(ContractTransaction tx, long nowMillis) {
    if (cleared) {
      incidents.autoResolve(tx, device.deviceId(), IncidentBook.PATCH_WINDOW_MISSED, nowMillis);
    }
  }

  /** One window judged, in time order; {@code violationId} is its miss, null when it was kept. */
  void judged(ContractTransaction tx, Occurrence window, String violationId, long nowMillis) {
    TrackedIncident open = open();
    boolean afterOpened = open != null && window.endMillis() > open.incident().openedAt().toEpochMilli();
    if (violationId == null) {
      if (afterOpened) {
        incidents.autoResolve(tx, device.deviceId(), IncidentBook.PATCH_WINDOW_MISSED, nowMillis);
      }
    } else if (open != null) {
      if (afterOpened) {
        tx.linkViolation(open.id(), violationId);
      }
    } else if (window.endMillis() == latestWindowEndMillis) {
      Contract k = contracts.contract(device.clientId());
      if (k != null && k.rules() != null && k.rules().patchWindowMissed() != null) {
        incidents.openIfAbsent(tx, device, IncidentBook.PATCH_WINDOW_MISSED, k.rules().patchWindowMissed().priority(),
            "patch window " + Instant.ofEpochMilli(window.startMillis()) + " – "
                + Instant.ofEpochMilli(window.endMillis()) + " missed", nowMillis)
            .ifPresent(i -> tx.linkViolation(i.id(), violationId));
      }
    }
  }

  private TrackedIncident open() {
    return incidents.unresolved(device.deviceId(), IncidentBook.PATCH_WINDOW_MISSED).orElse(null);
  }
}
