package dev.uptally.collector.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One client's month: what was covered, whether the MSP met its promises (availability, response and resolution
 * times) and whether the client met theirs (patch windows), and the service credits owed. An immutable snapshot,
 * built by {@link MonthlyReportBuilder} and written by the renderers ({@link ReportFormat}). Times are UTC instants,
 * durations seconds, availability a ratio in [0, 1]; per-device figures are exactly those of
 * {@code GET /api/v1/devices/{id}/sla} for the same window.
 *
 * @param month {@code YYYY-MM}
 * @param timezone the client's zone; the month runs from local midnight on the 1st to local midnight on the 1st of
 *     the next month
 * @param contractData false when the collector has no contract engine wired: patch windows, incidents and
 *     violations are then unknown, not empty
 */
public record MonthlyReport(
    String clientId,
    String clientName,
    String contract,
    String month,
    String timezone,
    Instant from,
    Instant to,
    Instant generatedAt,
    double confidence,
    List<DeviceRow> devices,
    List<ClassRow> classes,
    List<ReliabilityRow> reliability,
    List<OutageRow> outages,
    boolean contractData,
    List<PatchDeviceRow> patchWindows,
    List<PatchMissRow> patchMisses,
    List<IncidentRow> incidents,
    List<ViolationRow> mspViolations,
    Credits credits,
    List<DayRow> daily,
    Hardware hardware) {

  public MonthlyReport {
    devices = List.copyOf(devices);
    classes = List.copyOf(classes);
    reliability = List.copyOf(reliability);
    outages = List.copyOf(outages);
    patchWindows = List.copyOf(patchWindows);
    patchMisses = List.copyOf(patchMisses);
    incidents = List.copyOf(incidents);
    mspViolations = List.copyOf(mspViolations);
    daily = List.copyOf(daily);
    hardware = hardware == null ? Hardware.NONE : hardware;
  }

  /** A report without the hardware section (no lifecycle data wired). */
  public MonthlyReport(String clientId, String clientName, String contract, String month, String timezone,
      Instant from, Instant to, Instant generatedAt, double confidence, List<DeviceRow> devices, List<ClassRow> classes,
      List<ReliabilityRow> reliability, List<OutageRow> outages, boolean contractData,
      List<PatchDeviceRow> patchWindows, List<PatchMissRow> patchMisses, List<IncidentRow> incidents,
      List<ViolationRow> mspViolations, Credits credits, List<DayRow> daily) {
    this(clientId, clientName, contract, month, timezone, from, to, generatedAt, confidence, devices, classes,
        reliability, outages, contractData, patchWindows, patchMisses, incidents, mspViolations, credits, daily,
        Hardware.NONE);
  }

  /** A device's month, as {@code /sla} gives it; {@code meetsTarget} null without a target or a measurement. */
  public record DeviceRow(String deviceId, String hostname, String deviceClass, Double availability,
      Double targetPercent, Boolean meetsTarget, long measuredSeconds, long downSeconds, long failures,
      long uptimeSeconds, Double mttfSeconds, Double mttrSeconds, Double mtbfSeconds, double mtbfLowerSeconds) {}

  /** A class's pooled availability: (Σ measured − Σ down) / Σ measured over its devices. */
  public record ClassRow(String deviceClass, int devices, Double availability, Double targetPercent,
      Boolean meetsTarget, long measuredSeconds, long downSeconds) {}

  /** Pooled reliability of a group ({@code all} or a class); a null mean is undefined (no failure). */
  public record ReliabilityRow(String group, int devices, long failures, long uptimeSeconds,
      long failureDowntimeSeconds, Double mttfSeconds, Double mttrSeconds, Double mtbfSeconds,
      double mtbfLowerSeconds) {}

  /** A down interval overlapping the month, clipped to it. */
  public record OutageRow(String deviceId, String hostname, Instant start, Instant end, long durationSeconds,
      String cause, boolean planned, boolean counted, boolean failure) {}

  /** A device's patch windows this month: how many ended by the report time, how many were missed. */
  public record PatchDeviceRow(String deviceId, String hostname, String deviceClass, int windows, int missed) {}

  /** A patch window a machine was left off for; {@code night} is the local date the window started. */
  public record PatchMissRow(String deviceId, String hostname, LocalDate night, Instant windowStart,
      Instant windowEnd, String cause, String detail) {}

  /**
   * An incident opened in the month. Response is the acknowledgement (or the resolution when it came first);
   * a target is breached when it came after its due time, or has not come and the due time has passed.
   * {@code responseSeconds} and {@code resolutionSeconds} are elapsed time; the {@code …CalendarSeconds} count only
   * the time open in the priority's service {@code calendar}, as its targets do (null when the priority is unknown).
   */
  public record IncidentRow(String id, String deviceId, String hostname, String rule, String priority, String state,
      Instant openedAt, Instant responseDue, Instant respondedAt, Long responseSeconds, boolean responseBreached,
      Instant resolutionDue, Instant resolvedAt, Long resolutionSeconds, boolean resolutionBreached,
      String resolution, String calendar, Long responseCalendarSeconds, Long resolutionCalendarSeconds) {}

  /** A violation with party {@code msp} (availability below target, response or resolution breach). */
  public record ViolationRow(String type, String deviceId, String hostname, Instant start, Instant end,
      String detail) {}

  /** @param total the sum of the class credits, capped at the monthly fee */
  public record Credits(BigDecimal monthlyFee, List<CreditLine> lines, BigDecimal total, String rule) {
    public Credits {
      lines = List.copyOf(lines);
    }
  }

  /** The client's pooled availability on one local day; null when nothing was measured (or the day is ahead). */
  public record DayRow(LocalDate date, Double availability) {}

  /**
   * Hardware this month and how long parts last: the changes read from inventories in the month, and lifetimes per
   * hardware model and per drive model of the client's machines as observed at the report's end.
   *
   * @param explanation one sentence for the client on what MTTF means and what it rests on
   */
  public record Hardware(List<HardwareRow> changes, List<LifetimeRow> models, List<LifetimeRow> drives,
      String explanation) {
    public static final Hardware NONE = new Hardware(List.of(), List.of(), List.of(), null);

    public Hardware {
      changes = List.copyOf(changes);
      models = List.copyOf(models);
      drives = List.copyOf(drives);
    }

    /** Replacements (a drive or a board swapped), the report's "hardware replaced this month". */
    public long replaced() {
      return changes.stream().filter(c -> c.kind().endsWith("-replaced")).count();
    }
  }

  /** A hardware change in the month; {@code removed} and {@code added} as "model (serial)", null when none. */
  public record HardwareRow(String deviceId, String hostname, Instant at, String kind, String removed, String added,
      boolean failure) {}

  /** Lifetimes of one model: see {@code GET /api/v1/lifetimes}. */
  public record LifetimeRow(String group, int units, int failures, int censored, long unitSeconds, Double mttfSeconds,
      double mttfLowerSeconds) {}
}
