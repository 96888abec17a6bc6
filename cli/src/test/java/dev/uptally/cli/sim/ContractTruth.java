package dev.uptally.cli.sim;

import dev.uptally.common.device.DeviceClass;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The verdicts the demo contract ({@code /demo/collector.yaml}, restated in {@link Terms#DEMO}) must reach for one
 * simulated device, computed from the device's {@link Truth} with {@code java.time} alone, so that a test can hold
 * the collector to them without asking the collector's own code what they should be.
 *
 * <p>What the collector can know: it learns how an outage ended only from a sample after it, so a crash still in
 * progress at the device's last sample is {@code silent} (an orderly shutdown and a stopped agent are known from their
 * shutdown sample, a sleep from the suspend sample the simulated agent sends before it). It sees an outage start at the last sample before it, up to one heartbeat interval
 * early, and its end at the next boot (or, for an agent gap, the next sample). Each verdict therefore says whether it
 * is {@code clear}: further from its threshold than those errors could move it. Stateless and thread-safe.
 */
public final class ContractTruth {

  /**
   * The contract's terms, in each device's own time zone.
   *
   * @param patchDays and {@code patchFrom}/{@code patchTo}: the weekly patch windows, for every class
   * @param maintenanceDay and {@code maintenanceFrom}/{@code maintenanceTo}: the planned window, for
   *     {@code maintenanceClasses} only
   * @param businessFrom and {@code businessTo}: the business-hours calendar, Monday to Friday, without {@code holidays}
   * @param targetPercent per class; {@code businessHours}: the classes measured in business hours (the rest 24x7)
   * @param counts per class: the causes that count as downtime
   */
  public record Terms(Set<DayOfWeek> patchDays, LocalTime patchFrom, LocalTime patchTo, long minOnlineMillis,
      DayOfWeek maintenanceDay, LocalTime maintenanceFrom, LocalTime maintenanceTo, Set<DeviceClass> maintenanceClasses,
      LocalTime businessFrom, LocalTime businessTo, Set<LocalDate> holidays, Set<DeviceClass> businessHours,
      Map<DeviceClass, Double> targetPercent, Map<DeviceClass, Set<String>> counts) {

    /** {@code /demo/collector.yaml}, contract {@code standard}, as its comments state it. */
    public static final Terms DEMO = new Terms(EnumSet.of(DayOfWeek.TUESDAY, DayOfWeek.THURSDAY), LocalTime.of(1, 0),
        LocalTime.of(4, 0), 30 * 60_000L, DayOfWeek.SUNDAY, LocalTime.of(2, 0), LocalTime.of(4, 0),
        EnumSet.of(DeviceClass.SERVER), LocalTime.of(8, 0), LocalTime.of(18, 0), Set.of(LocalDate.of(2026, 12, 25)),
        EnumSet.of(DeviceClass.WORKSTATION, DeviceClass.LAPTOP),
        Map.of(DeviceClass.SERVER, 99.9, DeviceClass.WORKSTATION, 99.0, DeviceClass.LAPTOP, 98.0),
        Map.of(DeviceClass.SERVER, Set.of("crash", "shutdown", "silent"),
            DeviceClass.WORKSTATION, Set.of("crash", "silent"), DeviceClass.LAPTOP, Set.of("crash", "silent")));
  }

  /**
   * One device as the model needs it.
   *
   * @param truth what it did, from its first boot to now ({@link Simulator#truth})
   * @param lastHeard true time of the newest sample the collector holds from it
   */
  public record Device(String deviceId, DeviceClass deviceClass, ZoneId zone, List<TruthInterval> truth,
      Instant lastHeard) {}

  /**
   * One patch-window occurrence.
   *
   * @param cause the dominant non-up cause when missed, else null
   * @param clear the up time is more than the margin away from {@code minOnline} and, when missed, the dominant
   *     cause leads the next by more than the margin
   */
  public record PatchWindow(String deviceId, Instant start, Instant end, long upMillis, String cause, boolean clear) {
    public boolean missed() {
      return cause != null;
    }
  }

  /**
   * One month of the client's zone, clipped to the device's history.
   *
   * @param clear {@code downMillis} is more than the margin away from the downtime the target allows
   */
  public record Month(String deviceId, YearMonth month, Instant start, Instant end, long measuredMillis,
      long downMillis, double targetPercent, boolean clear) {
    public double availability() {
      return measuredMillis == 0 ? 1 : (measuredMillis - downMillis) / (double) measuredMillis;
    }

    public boolean below() {
      return measuredMillis > 0 && availability() < targetPercent / 100;
    }
  }

  /** Causes in the contract's tie-break order. */
  static final List<String> CAUSES = List.of("shutdown", "asleep", "silent", "crash", "unknown");

  private final Terms terms;
  private final long intervalMillis;

  /** @param intervalMillis the heartbeat interval: the collector's resolution of an outage's start */
  public ContractTruth(Terms terms, long intervalMillis) {
    this.terms = terms;
    this.intervalMillis = intervalMillis;
  }

  /** The cause the collector can know for {@code i}, null for up. */
  static String cause(TruthInterval i, Instant lastHeard) {
    boolean ended = !i.end().isAfter(lastHeard);
    return switch (i.kind()) {
      case UP -> null;
      case CRASH_DOWN -> ended ? "crash" : "silent";
      case ASLEEP -> "asleep";
      case SHUTDOWN_DOWN -> "shutdown";
      case AGENT_GAP -> "unknown";
      case SILENT -> "silent";
    };
  }

  /**
   * Every patch window of the device that starts at or after its first boot and {@code notBefore} and ends by
   * {@code now}, oldest first.
   */
  public List<PatchWindow> patchWindows(Device d, Instant notBefore, Instant now) {
    List<PatchWindow> out = new ArrayList<>();
    if (d.truth().isEmpty()) {
      return out;
    }
    long first = Math.max(d.truth().get(0).start().toEpochMilli(), notBefore.toEpochMilli());
    for (Spans.Span w : weekly(d.zone(), terms.patchDays(), terms.patchFrom(), terms.patchTo(), first,
        now.toEpochMilli())) {
      if (w.start() >= first && w.end() <= now.toEpochMilli()) {
        out.add(judgeWindow(d, w));
      }
    }
    return out;
  }

  private PatchWindow judgeWindow(Device d, Spans.Span w) {
    Map<String, Long> byCause = new LinkedHashMap<>();
    CAUSES.forEach(c -> byCause.put(c, 0L));
    long notUp = 0;
    int outages = 0;
    for (TruthInterval i : d.truth()) {
      String c = cause(i, d.lastHeard());
      if (c == null) {
        continue;
      }
      long s = i.start().toEpochMilli();
      long e = i.end().toEpochMilli();
      // an outage just after the window may be seen starting inside it
      if (s < w.end() + 2 * intervalMillis && e > w.start()) {
        outages++;
      }
      long overlap = Math.max(0, Math.min(e, w.end()) - Math.max(s, w.start()));
      byCause.merge(c, overlap, Long::sum);
      notUp += overlap;
    }
    long up = w.duration() - notUp;
    long margin = 3 * intervalMillis * Math.max(1, outages);
    boolean clear = Math.abs(up - terms.minOnlineMillis()) > margin;
    String dominant = null;
    if (up < terms.minOnlineMillis()) {
      long best = -1;
      long second = -1;
      for (String c : CAUSES) {
        long t = byCause.get(c);
        if (t > best) {
          second = best;
          best = t;
          dominant = c;
        } else if (t > second) {
          second = t;
        }
      }
      clear &= best - second > margin;
    }
    return new PatchWindow(d.deviceId(), Instant.ofEpochMilli(w.start()), Instant.ofEpochMilli(w.end()), up,
        dominant, clear);
  }

  /**
   * Availability over {@code month} of the device's zone, from its first boot, up to {@code now}:
   * {@code measured = |W ∩ calendar| − maintenance − unknown},
   * {@code down = |counted ∩ W ∩ calendar − maintenance|},
   * where a down interval that starts inside maintenance is planned and not counted at all.
   */
  public Month availability(Device d, YearMonth month, Instant now) {
    long monthStart = month.atDay(1).atStartOfDay(d.zone()).toInstant().toEpochMilli();
    long monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(d.zone()).toInstant().toEpochMilli();
    long from = d.truth().isEmpty() ? monthEnd : Math.max(monthStart, d.truth().get(0).start().toEpochMilli());
    long to = Math.min(monthEnd, now.toEpochMilli());
    double target = terms.targetPercent().get(d.deviceClass());
    if (from >= to) {
      return new Month(d.deviceId(), month, Instant.ofEpochMilli(monthStart), Instant.ofEpochMilli(monthEnd), 0, 0,
          target, true);
    }
    List<Spans.Span> calendar = calendar(d, from, to);
    List<Spans.Span> maintenance = terms.maintenanceClasses().contains(d.deviceClass())
        ? weekly(d.zone(), EnumSet.of(terms.maintenanceDay()), terms.maintenanceFrom(), terms.maintenanceTo(),
            from - 7 * 86_400_000L, to)
        : List.of();
    Set<String> counted = terms.counts().get(d.deviceClass());
    List<Spans.Span> unknown = new ArrayList<>();
    List<Spans.Span> down = new ArrayList<>();
    int outages = 0;
    boolean plannedUnclear = false;
    for (TruthInterval i : d.truth()) {
      String c = cause(i, d.lastHeard());
      Spans.Span s = new Spans.Span(i.start().toEpochMilli(), i.end().toEpochMilli());
      if (c == null || !c.equals("unknown") && !counted.contains(c)) {
        continue;
      }
      // as the collector may see it: from up to one interval early to up to one interval late
      Spans.Span seen = new Spans.Span(s.start() - intervalMillis, s.end() + intervalMillis);
      if (Spans.length(Spans.intersect(List.of(seen), calendar)) == 0) {
        continue;
      }
      outages++;
      if (c.equals("unknown")) {
        unknown.add(s);
      } else if (counted.contains(c)) {
        // seen starting up to one interval early: planned or not is unclear next to a window's edges
        plannedUnclear |= maintenance.stream().anyMatch(m -> near(s.start(), m.start()) || near(s.start(), m.end()));
        if (maintenance.stream().noneMatch(m -> m.contains(s.start()))) {
          down.add(s);
        }
      }
    }
    List<Spans.Span> inCalendar = Spans.subtract(calendar, maintenance);
    long measured = Spans.length(Spans.subtract(inCalendar, unknown));
    long downMillis = Spans.length(Spans.intersect(down, inCalendar));
    double allowed = (1 - target / 100) * measured;
    long margin = intervalMillis * (2L * outages + 1);
    boolean clear = !plannedUnclear && Math.abs(downMillis - allowed) > margin;
    return new Month(d.deviceId(), month, Instant.ofEpochMilli(monthStart), Instant.ofEpochMilli(monthEnd), measured,
        downMillis, target, clear);
  }

  private boolean near(long t, long edge) {
    return t >= edge && t <= edge + intervalMillis + 1_000;
  }

  private List<Spans.Span> calendar(Device d, long from, long to) {
    if (!terms.businessHours().contains(d.deviceClass())) {
      return List.of(new Spans.Span(from, to));
    }
    List<Spans.Span> days = new ArrayList<>();
    for (Spans.Span s : weekly(d.zone(), EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), terms.businessFrom(),
        terms.businessTo(), from, to)) {
      if (!terms.holidays().contains(Instant.ofEpochMilli(s.start()).atZone(d.zone()).toLocalDate())) {
        days.add(s);
      }
    }
    return Spans.intersect(days, List.of(new Spans.Span(from, to)));
  }

  /** Occurrences {@code [day from, day to)} in {@code zone} of the given weekdays that overlap {@code [a, b)}. */
  static List<Spans.Span> weekly(ZoneId zone, Set<DayOfWeek> days, LocalTime from, LocalTime to, long a, long b) {
    List<Spans.Span> out = new ArrayList<>();
    LocalDate last = Instant.ofEpochMilli(b).atZone(zone).toLocalDate();
    for (LocalDate day = Instant.ofEpochMilli(a).atZone(zone).toLocalDate().minusDays(1); !day.isAfter(last);
        day = day.plusDays(1)) {
      if (days.contains(day.getDayOfWeek())) {
        long s = day.atTime(from).atZone(zone).toInstant().toEpochMilli();
        long e = day.atTime(to).atZone(zone).toInstant().toEpochMilli();
        if (e > a && s < b) {
          out.add(new Spans.Span(s, e));
        }
      }
    }
    return out;
  }
}
