package dev.uptally.collector.report;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.incident.ContractQueries;
import dev.uptally.collector.incident.Incident;
import dev.uptally.collector.incident.Violation;
import dev.uptally.collector.sla.ContractBook;
import dev.uptally.common.time.TimeRange;
import dev.uptally.config.collector.Contract;
import dev.uptally.config.schedule.ServiceCalendar;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's sections that come from the contract engine: patch-window compliance (violations with party
 * {@code customer}), incidents with their response and resolution times, and violations with party {@code msp}.
 * Built once per report; not thread-safe (it is not shared).
 */
final class ContractSections {

  static final String PATCH_WINDOW_MISSED = "patch-window-missed";

  private final ContractQueries queries;
  private final ContractBook book;
  private final String clientId;
  private final long fromMillis;
  private final long toMillis;
  private final long nowMillis;
  private final List<DeviceIdentity> covered;
  private final Map<String, Long> timelineStarts;
  private final Map<String, String> hostnames = new HashMap<>();
  private final Map<String, DeviceIdentity> byId = new HashMap<>();
  private List<MonthlyReport.PatchMissRow> patchMisses;

  /** @param timelineStarts device id → where its timeline begins (windows before it are not the device's to keep) */
  ContractSections(ContractQueries queries, ContractBook book, String clientId, long fromMillis, long toMillis,
      long nowMillis, List<DeviceIdentity> covered, Map<String, Long> timelineStarts) {
    this.queries = queries;
    this.book = book;
    this.clientId = clientId;
    this.fromMillis = fromMillis;
    this.toMillis = toMillis;
    this.nowMillis = nowMillis;
    this.covered = covered;
    this.timelineStarts = timelineStarts;
    for (DeviceIdentity d : covered) {
      hostnames.put(d.deviceId(), d.hostname());
      byId.put(d.deviceId(), d);
    }
  }

  /**
   * Misses of windows that started in the month, by night then host: a window that starts on the month's last evening
   * and ends in the next month is that month's (as in {@link #patchDevices}), not the next one's too.
   */
  List<MonthlyReport.PatchMissRow> patchMisses() {
    if (patchMisses == null) {
      patchMisses = List.copyOf(readPatchMisses());
    }
    return patchMisses;
  }

  private List<MonthlyReport.PatchMissRow> readPatchMisses() {
    List<MonthlyReport.PatchMissRow> out = new ArrayList<>();
    for (Violation v : queries.violations(clientId, "customer", fromMillis, toMillis)) {
      if (!PATCH_WINDOW_MISSED.equals(v.type()) || v.deviceId() == null || !inMonth(v.start())) {
        continue;
      }
      DeviceIdentity d = byId.get(v.deviceId());
      var zone = d == null ? book.clientZone(clientId) : book.deviceZone(d);
      out.add(new MonthlyReport.PatchMissRow(v.deviceId(), hostnames.get(v.deviceId()),
          v.start().atZone(zone).toLocalDate(), v.start(), v.end(), v.cause(), v.detail()));
    }
    out.sort(Comparator.comparing(MonthlyReport.PatchMissRow::windowStart)
        .thenComparing(MonthlyReport.PatchMissRow::deviceId));
    return out;
  }

  /**
   * Per covered device with patch windows: windows that ended by now, started in the month and not before the device's
   * timeline (the windows the contract engine judges), and misses.
   */
  List<MonthlyReport.PatchDeviceRow> patchDevices() {
    Map<String, Integer> missed = new HashMap<>();
    for (MonthlyReport.PatchMissRow m : patchMisses()) {
      missed.merge(m.deviceId(), 1, Integer::sum);
    }
    Contract contract = book.contract(clientId);
    List<MonthlyReport.PatchDeviceRow> out = new ArrayList<>();
    for (DeviceIdentity d : covered) {
      int windows = 0;
      if (contract != null) {
        for (Contract.PatchWindow w : contract.patchWindows()) {
          if (w.classes().contains(d.deviceClass())) {
            windows += ended(w.schedule().occurrences(fromMillis, toMillis, book.deviceZone(d)),
                timelineStarts.getOrDefault(d.deviceId(), Long.MIN_VALUE));
          }
        }
      }
      int m = missed.getOrDefault(d.deviceId(), 0);
      if (windows > 0 || m > 0) {
        out.add(new MonthlyReport.PatchDeviceRow(d.deviceId(), d.hostname(), d.deviceClass().wireName(), windows, m));
      }
    }
    return out;
  }

  private int ended(List<TimeRange> occurrences, long timelineStartMillis) {
    int n = 0;
    for (TimeRange r : occurrences) {
      if (r.startMillis() >= fromMillis && r.startMillis() < toMillis && r.endMillis() <= nowMillis
          && r.startMillis() >= timelineStartMillis) {
        n++;
      }
    }
    return n;
  }

  /**
   * Incidents opened in the month (the store answers those open at some time in it: one opened on the month's last
   * evening and resolved after midnight belongs to that month only).
   */
  List<MonthlyReport.IncidentRow> incidents() {
    List<MonthlyReport.IncidentRow> out = new ArrayList<>();
    Instant now = Instant.ofEpochMilli(nowMillis);
    for (Incident i : queries.incidents(null, clientId, fromMillis, toMillis)) {
      if (!inMonth(i.openedAt())) {
        continue;
      }
      Instant responded = earliest(i.acknowledgedAt(), i.resolvedAt());
      ServiceCalendar calendar = calendarOf(i.priority());
      out.add(new MonthlyReport.IncidentRow(i.id(), i.deviceId(), hostnames.get(i.deviceId()), i.rule(),
          i.priority(), i.state(), i.openedAt(), i.responseDue(), responded, seconds(i.openedAt(), responded),
          breached(i.responseDue(), responded, now), i.resolutionDue(), i.resolvedAt(),
          seconds(i.openedAt(), i.resolvedAt()), breached(i.resolutionDue(), i.resolvedAt(), now), i.resolution(),
          calendar == null ? null : calendar.name(), openSeconds(calendar, i.openedAt(), responded),
          openSeconds(calendar, i.openedAt(), i.resolvedAt())));
    }
    out.sort(Comparator.comparing(MonthlyReport.IncidentRow::openedAt, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(MonthlyReport.IncidentRow::id));
    return out;
  }

  /** Violations with party msp that started in the month (a breach starts when its incident opened). */
  List<MonthlyReport.ViolationRow> mspViolations() {
    List<MonthlyReport.ViolationRow> out = new ArrayList<>();
    for (Violation v : queries.violations(clientId, "msp", fromMillis, toMillis)) {
      if (v.start() != null && !inMonth(v.start())) {
        continue;
      }
      out.add(new MonthlyReport.ViolationRow(v.type(), v.deviceId(),
          v.deviceId() == null ? null : hostnames.get(v.deviceId()), v.start(), v.end(), v.detail()));
    }
    out.sort(Comparator.comparing(MonthlyReport.ViolationRow::start, Comparator.nullsLast(Comparator.naturalOrder())));
    return out;
  }

  /** The service calendar the priority's targets run in; null when the contract does not know the priority. */
  private ServiceCalendar calendarOf(String priority) {
    Contract contract = book.contract(clientId);
    Contract.Priority p = contract == null ? null : contract.priorities().get(priority);
    return p == null ? null : book.config().calendar(p.calendar());
  }

  /** Seconds of {@code [from, to)} open in the calendar (client's zone); null when either end or the calendar is. */
  private Long openSeconds(ServiceCalendar calendar, Instant from, Instant to) {
    if (calendar == null || from == null || to == null || to.isBefore(from)) {
      return null;
    }
    return calendar.openMillis(from.toEpochMilli(), to.toEpochMilli(), book.clientZone(clientId)) / 1000;
  }

  private boolean inMonth(Instant t) {
    return t != null && t.toEpochMilli() >= fromMillis && t.toEpochMilli() < toMillis;
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  private static Long seconds(Instant from, Instant to) {
    return from == null || to == null ? null : Duration.between(from, to).toSeconds();
  }

  /** After the due time, or not yet done and the due time has passed. */
  private static boolean breached(Instant due, Instant done, Instant now) {
    if (due == null) {
      return false;
    }
    return done != null ? done.isAfter(due) : now.isAfter(due);
  }
}
