package dev.uptally.collector.sla;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.MaintenancePolicy;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.device.OutageCause;
import dev.uptally.common.time.TimeRange;
import dev.uptally.config.collector.ClientConfig;
import dev.uptally.config.collector.CollectorConfig;
import dev.uptally.config.collector.Contract;
import dev.uptally.config.schedule.ServiceCalendar;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Answers, for a device, the contract terms that apply to it: its time zones, availability target, calendar,
 * counted causes and maintenance windows. Built once from the configuration; immutable and thread-safe.
 */
public final class ContractBook implements MaintenancePolicy {

  /** The design's defaults when a contract says nothing for a class. */
  static final Map<DeviceClass, Set<OutageCause>> DEFAULT_COUNTS = Map.of(
      DeviceClass.SERVER, EnumSet.of(OutageCause.CRASH, OutageCause.SHUTDOWN, OutageCause.SILENT),
      DeviceClass.WORKSTATION, EnumSet.of(OutageCause.CRASH, OutageCause.SILENT),
      DeviceClass.LAPTOP, EnumSet.of(OutageCause.CRASH, OutageCause.SILENT));

  private final CollectorConfig config;
  private final Map<String, ClientConfig> clients;

  public ContractBook(CollectorConfig config) {
    this.config = config;
    this.clients = config.clients().stream().collect(Collectors.toUnmodifiableMap(ClientConfig::id, Function.identity()));
  }

  public CollectorConfig config() {
    return config;
  }

  /** The client's zone (UTC for a client no longer configured): availability calendars run in it. */
  public ZoneId clientZone(String clientId) {
    ClientConfig c = clients.get(clientId);
    return c == null ? ZoneOffset.UTC : c.timezone();
  }

  /** The device's reported zone, else its client's: schedules (patch, maintenance) run in it. */
  public ZoneId deviceZone(DeviceIdentity d) {
    if (d.timezone() != null) {
      try {
        return ZoneId.of(d.timezone());
      } catch (DateTimeException e) {
        // enrollment validated the zone; a zone dropped from a later tz database falls back to the client's
        return clientZone(d.clientId());
      }
    }
    return clientZone(d.clientId());
  }

  public Contract contract(String clientId) {
    ClientConfig c = clients.get(clientId);
    return c == null ? null : config.contracts().get(c.contract());
  }

  /** The availability terms for the device's class; without a contract: 24x7, the default counted causes, no target. */
  public Terms terms(DeviceIdentity d) {
    Contract k = contract(d.clientId());
    Contract.AvailabilityTarget t = k == null ? null : k.availability().get(d.deviceClass());
    if (t == null) {
      return new Terms(null, ServiceCalendar.ALWAYS, DEFAULT_COUNTS.get(d.deviceClass()));
    }
    return new Terms(t.targetPercent(), config.calendar(t.calendar()), t.counts());
  }

  /** Maintenance occurrences of the device's class overlapping {@code [from, to)}, normal (merged, sorted). */
  public List<TimeRange> maintenance(DeviceIdentity d, long fromMillis, long toMillis) {
    Contract k = contract(d.clientId());
    if (k == null || k.maintenance().isEmpty()) {
      return List.of();
    }
    ZoneId zone = deviceZone(d);
    List<TimeRange> all = new ArrayList<>();
    for (Contract.MaintenanceWindow w : k.maintenance()) {
      if (w.classes().contains(d.deviceClass())) {
        all.addAll(w.schedule().occurrences(fromMillis, toMillis, zone));
      }
    }
    return Ranges.normal(all);
  }

  @Override
  public boolean inMaintenance(DeviceIdentity d, long millis) {
    Contract k = contract(d.clientId());
    if (k == null || k.maintenance().isEmpty()) {
      return false;
    }
    ZoneId zone = deviceZone(d);
    for (Contract.MaintenanceWindow w : k.maintenance()) {
      if (w.classes().contains(d.deviceClass())) {
        for (TimeRange r : w.schedule().occurrences(millis, millis + 1, zone)) {
          if (r.contains(millis)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * @param targetPercent null when the contract sets none for the class
   * @param counts the outage causes that count as downtime
   */
  public record Terms(Double targetPercent, ServiceCalendar calendar, Set<OutageCause> counts) {}
}
