package dev.uptally.collector.incident;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.fleet.TimelineState;
import dev.uptally.collector.sla.ContractBook;
import dev.uptally.common.device.OutageCause;
import dev.uptally.common.protocol.ShutdownReason;
import dev.uptally.config.collector.Contract;
import dev.uptally.config.schedule.ServiceCalendar;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract's device rules as decisions about incidents: {@code deviceDown} (silent, or down by an orderly shutdown
 * for classes whose counted causes include shutdown) and the health rules. An outage that starts inside a maintenance
 * window opens nothing while the window lasts; if the device is still down when it ends, the periodic check opens the
 * incident then. Reads the {@link IncidentBook} without changing it; cheap enough for a shard thread. Thread-safe.
 */
final class DeviceRules {

  private final ContractBook contracts;
  private final IncidentBook incidents;

  DeviceRules(ContractBook contracts, IncidentBook incidents) {
    this.contracts = contracts;
    this.incidents = incidents;
  }

  /** An incident to open, or to resolve automatically ({@code open} false), because its condition changed. */
  record RuleChange(DeviceIdentity device, String rule, boolean open, String priority, String detail) {}

  /** The deviceDown rule of the device's class, null when its contract has no such rule. */
  Contract.DeviceDown downRule(DeviceIdentity d) {
    Contract k = contracts.contract(d.clientId());
    return k == null || k.rules() == null ? null : k.rules().deviceDown().get(d.deviceClass());
  }

  /** The deviceDown priority of the device's class, null when its contract has no such rule. */
  String downPriority(DeviceIdentity d) {
    Contract.DeviceDown rule = downRule(d);
    return rule == null ? null : rule.priority();
  }

  /**
   * Whether a device just declared silent needs a deviceDown incident now. A rule with a delay or a calendar never
   * opens here: the periodic {@link #stillDown} opens it once the device has been down long enough in calendar time.
   */
  boolean silenceOpens(DeviceSnapshot device, long nowMillis) {
    DeviceIdentity d = device.identity();
    Contract.DeviceDown rule = downRule(d);
    return rule != null && rule.immediate() && !downOpen(d) && !contracts.inMaintenance(d, nowMillis);
  }

  /**
   * Whether an outage that began at {@code downSinceMillis} has lasted the rule's delay, counted in the rule's
   * calendar in the client's zone, and now is inside that calendar when there is no delay.
   */
  boolean dueAfterDelay(DeviceIdentity d, Contract.DeviceDown rule, long downSinceMillis, long nowMillis) {
    if (rule.immediate()) {
      return true;
    }
    long after = rule.after().toMillis();
    if (nowMillis - downSinceMillis < after) {
      return false; // calendar time never runs faster than the clock
    }
    ServiceCalendar calendar = contracts.config().calendar(rule.calendar());
    ZoneId zone = contracts.clientZone(d.clientId());
    if (after == 0) {
      return calendar.openMillis(nowMillis, nowMillis + 1, zone) > 0;
    }
    return calendar.openMillis(downSinceMillis, nowMillis, zone) >= after;
  }

  /** What the device's newest state asks of its incidents, leaving out what is already so. */
  List<RuleChange> afterBatch(DeviceSnapshot device, long nowMillis) {
    List<RuleChange> out = new ArrayList<>(0);
    DeviceIdentity d = device.identity();
    Contract k = contracts.contract(d.clientId());
    if (k == null || k.rules() == null) {
      return out;
    }
    boolean downOpen = downOpen(d);
    Contract.DeviceDown downRule = downRule(d);
    if (device.progress().pendingShutdown() == ShutdownReason.OS && countsShutdown(d)) {
      if (!downOpen && downRule != null && downRule.immediate() && !contracts.inMaintenance(d, nowMillis)) {
        out.add(new RuleChange(d, IncidentBook.DEVICE_DOWN, true, downRule.priority(),
            "orderly shutdown at " + Instant.ofEpochMilli(device.progress().lastSampleMillis())));
      }
    } else if (downOpen) {
      out.add(new RuleChange(d, IncidentBook.DEVICE_DOWN, false, null, null));
    }
    if (!HealthRules.anyActive(k.rules(), device.health()) && !incidents.hasOpen(d.deviceId())) {
      return out;
    }
    for (HealthRules.Finding f : HealthRules.check(k.rules(), device.health())) {
      boolean open = incidents.unresolved(d.deviceId(), f.rule()).isPresent();
      if (f.active() != open) {
        out.add(new RuleChange(d, f.rule(), f.active(), f.priority(), f.detail()));
      }
    }
    return out;
  }

  /**
   * Devices down at {@code now}, outside maintenance, without a deviceDown incident: outages that began inside a
   * maintenance window and outlasted it, a silence whose callback came while the device was in maintenance, and
   * outages that have now lasted their class's delay in its calendar. An announced sleep is {@code asleep}, never down.
   *
   * @param silenceNotBeforeMillis silence is not judged before this (one grace after the collector started)
   */
  List<RuleChange> stillDown(Fleet fleet, long nowMillis, long silenceNotBeforeMillis) {
    List<RuleChange> out = new ArrayList<>(0);
    for (DeviceSnapshot s : fleet.snapshots()) {
      DeviceIdentity d = s.identity();
      Contract.DeviceDown rule = downRule(d);
      if (rule == null || downOpen(d)) {
        continue;
      }
      String priority = rule.priority();
      TimelineInterval tail = fleet.timeline().openTail(s.progress(), nowMillis);
      if (tail == null || tail.state() != TimelineState.DOWN || contracts.inMaintenance(d, nowMillis)
          || !dueAfterDelay(d, rule, tail.startMillis(), nowMillis)) {
        continue;
      }
      if (tail.cause() == OutageCause.SILENT && nowMillis >= silenceNotBeforeMillis
          && !fleet.silenceDeferred(s, nowMillis)) {
        out.add(new RuleChange(d, IncidentBook.DEVICE_DOWN, true, priority,
            "silent since " + Instant.ofEpochMilli(tail.startMillis())));
      } else if (tail.cause() == OutageCause.SHUTDOWN && countsShutdown(d)) {
        out.add(new RuleChange(d, IncidentBook.DEVICE_DOWN, true, priority,
            "orderly shutdown at " + Instant.ofEpochMilli(tail.startMillis())));
      }
    }
    return out;
  }

  private boolean downOpen(DeviceIdentity d) {
    return incidents.unresolved(d.deviceId(), IncidentBook.DEVICE_DOWN).isPresent();
  }

  private boolean countsShutdown(DeviceIdentity d) {
    return contracts.terms(d).counts().contains(OutageCause.SHUTDOWN);
  }
}
