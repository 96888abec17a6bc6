package dev.uptally.collector.report;

import dev.uptally.collector.api.FleetQueryService;
import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.incident.ContractQueries;
import dev.uptally.collector.lifecycle.LifecycleService;
import dev.uptally.collector.sla.ContractBook;
import dev.uptally.collector.sla.DeviceSla;
import dev.uptally.collector.sla.Reliability;
import dev.uptally.collector.sla.SlaCalculator;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.time.TimeRange;
import dev.uptally.config.collector.ClientConfig;
import dev.uptally.config.collector.Contract;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a client's {@link MonthlyReport} from the same SLA computation as {@code /sla} ({@link
 * FleetQueryService#deviceSla}), the contract terms ({@link ContractBook}) and, when wired, the contract engine's
 * violations and incidents ({@link ContractQueries}). Reads only; thread-safe.
 */
public final class MonthlyReportBuilder {

  static final String CREDIT_RULE = "Each device class's pooled availability (sum of measured time minus sum of "
      + "downtime, over the sum of measured time, across the class's devices) is compared with its target; a class "
      + "that met its target earns no credit. For a class that missed it, the class's own credit tiers apply, or the "
      + "contract's where the class has none: the tier with the highest percent whose threshold the availability is "
      + "strictly below. The month's credit is the sum over classes, never more than the monthly fee.";

  private final Fleet fleet;
  private final FleetQueryService queries;
  private final ContractBook book;
  private final ContractQueries contractQueries;
  private final Clock clock;
  private final double confidence;
  private final LifecycleService lifecycle;

  /** @param contractQueries null when no contract engine is wired (those sections are then marked unavailable) */
  public MonthlyReportBuilder(Fleet fleet, FleetQueryService queries, ContractBook book,
      ContractQueries contractQueries, Clock clock, double confidence) {
    this(fleet, queries, book, contractQueries, clock, confidence, null);
  }

  /** @param lifecycle null when hardware changes and lifetimes are not wired (the section is then empty) */
  public MonthlyReportBuilder(Fleet fleet, FleetQueryService queries, ContractBook book,
      ContractQueries contractQueries, Clock clock, double confidence, LifecycleService lifecycle) {
    this.lifecycle = lifecycle;
    this.fleet = fleet;
    this.queries = queries;
    this.book = book;
    this.contractQueries = contractQueries;
    this.clock = clock;
    this.confidence = confidence;
  }

  /** Now in the client's time zone by the builder's clock, or empty when no client has that id. */
  public Optional<ZonedDateTime> clientNow(String clientId) {
    return book.config().client(clientId).map(client -> clock.instant().atZone(client.timezone()));
  }

  /** The report, or empty when no client has that id. */
  public Optional<MonthlyReport> build(String clientId, YearMonth month) {
    return book.config().client(clientId).map(client -> build(client, month));
  }

  /** Every configured client's id, in the configuration's order. */
  public List<String> clientIds() {
    return book.config().clients().stream().map(ClientConfig::id).toList();
  }

  /**
   * The client's standing per device class over {@code month} up to now (the whole month once it has ended): the
   * report's pooled class availability ({@link Pool}, over the same devices as {@link #build}) against the target,
   * its error budget, and the report's credit ({@link CreditCalculator}) as if the month ended now. Skips the
   * report's per-day, outage and contract sections. Empty when no client has that id.
   */
  public Optional<List<ClassStanding>> standing(String clientId, YearMonth month) {
    return book.config().client(clientId).map(client -> standing(client, month));
  }

  private List<ClassStanding> standing(ClientConfig client, YearMonth month) {
    ZoneId zone = client.timezone();
    long from = month.atDay(1).atStartOfDay(zone).toInstant().toEpochMilli();
    long to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant().toEpochMilli();
    Contract contract = book.contract(client.id());
    Map<DeviceClass, Pool> pools = new EnumMap<>(DeviceClass.class);
    for (DeviceIdentity d : covered(client.id(), to, new HashMap<>())) {
      queries.deviceSla(d.deviceId(), from, to)
          .ifPresent(s -> pools.computeIfAbsent(d.deviceClass(), c -> new Pool()).add(s, confidence));
    }
    List<ClassStanding> out = new ArrayList<>();
    pools.forEach((cls, pool) -> {
      Double target = contract == null || contract.availability().get(cls) == null ? null
          : contract.availability().get(cls).targetPercent();
      Long budget = null;
      Long left = null;
      if (target != null) {
        java.math.BigDecimal budgetMillis = java.math.BigDecimal.valueOf(pool.measuredMillis)
            .multiply(java.math.BigDecimal.valueOf(100).subtract(java.math.BigDecimal.valueOf(target)))
            .divide(java.math.BigDecimal.valueOf(100));
        budget = Math.floorDiv(budgetMillis.setScale(0, java.math.RoundingMode.FLOOR).longValueExact(), 1000);
        left = Math.floorDiv(budgetMillis.subtract(java.math.BigDecimal.valueOf(pool.downMillis))
            .setScale(0, java.math.RoundingMode.FLOOR).longValueExact(), 1000);
      }
      Double credit = contract == null ? null
          : CreditCalculator.credit(cls.wireName(), target, contract.creditTiers(cls), contract.monthlyFee(),
              pool.measuredMillis, pool.downMillis).creditPercent();
      out.add(new ClassStanding(client.id(), client.name(), cls.wireName(), target, pool.availability(), budget, left,
          credit, pool.devices));
    });
    return out;
  }

  private MonthlyReport build(ClientConfig client, YearMonth month) {
    ZoneId zone = client.timezone();
    long from = month.atDay(1).atStartOfDay(zone).toInstant().toEpochMilli();
    long to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant().toEpochMilli();
    long now = clock.millis();
    Contract contract = book.contract(client.id());
    Map<String, Long> timelineStarts = new HashMap<>();
    List<DeviceIdentity> covered = covered(client.id(), to, timelineStarts);
    List<MonthlyReport.DeviceRow> devices = new ArrayList<>();
    List<MonthlyReport.OutageRow> outages = new ArrayList<>();
    Map<DeviceClass, Pool> pools = new EnumMap<>(DeviceClass.class);
    Pool all = new Pool();
    List<TimeRange> days = days(month, zone);
    long[] dayMeasured = new long[days.size()];
    long[] dayDown = new long[days.size()];
    for (DeviceIdentity d : covered) {
      SlaCalculator.Breakdown b = queries.deviceSlaByPart(d.deviceId(), from, to, days).orElseThrow(
          () -> new IllegalStateException("device " + d.deviceId() + " left the fleet while its report was built"));
      DeviceSla s = b.sla();
      for (int i = 0; i < days.size(); i++) {
        dayMeasured[i] += b.measuredMillis()[i];
        dayDown[i] += b.downMillis()[i];
      }
      devices.add(deviceRow(d, s));
      for (DeviceSla.Outage o : s.outages()) {
        outages.add(new MonthlyReport.OutageRow(d.deviceId(), d.hostname(),
            Instant.ofEpochMilli(o.interval().startMillis()), Instant.ofEpochMilli(o.interval().endMillis()),
            o.interval().durationMillis() / 1000, o.interval().cause().wireName(), o.planned(), o.counted(),
            o.failure()));
      }
      pools.computeIfAbsent(d.deviceClass(), c -> new Pool()).add(s, confidence);
      all.add(s, confidence);
    }
    outages.sort(Comparator.comparing(MonthlyReport.OutageRow::start).thenComparing(MonthlyReport.OutageRow::deviceId));
    List<MonthlyReport.ClassRow> classes = new ArrayList<>();
    List<MonthlyReport.ReliabilityRow> reliability = new ArrayList<>();
    List<CreditLine> credits = new ArrayList<>();
    reliability.add(all.reliabilityRow("all"));
    pools.forEach((cls, pool) -> {
      Double target = contract == null || contract.availability().get(cls) == null ? null
          : contract.availability().get(cls).targetPercent();
      classes.add(new MonthlyReport.ClassRow(cls.wireName(), pool.devices, pool.availability(), target,
          meets(pool.measuredMillis, pool.downMillis, target), pool.measuredMillis / 1000, pool.downMillis / 1000));
      reliability.add(pool.reliabilityRow(cls.wireName()));
      if (contract != null) {
        credits.add(CreditCalculator.credit(cls.wireName(), target, contract.creditTiers(cls), contract.monthlyFee(),
            pool.measuredMillis, pool.downMillis));
      }
    });
    double fee = contract == null ? 0 : contract.monthlyFee();
    MonthlyReport.Credits creditSection = new MonthlyReport.Credits(
        java.math.BigDecimal.valueOf(fee).setScale(2, java.math.RoundingMode.HALF_UP), credits,
        CreditCalculator.total(credits, fee), CREDIT_RULE);
    ContractSections sections = contractQueries == null ? null
        : new ContractSections(contractQueries, book, client.id(), from, to, now, covered, timelineStarts);
    return new MonthlyReport(client.id(), client.name(), client.contract(), month.toString(), zone.getId(),
        Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), Instant.ofEpochMilli(now), confidence, devices, classes,
        reliability, outages, sections != null,
        sections == null ? List.of() : sections.patchDevices(),
        sections == null ? List.of() : sections.patchMisses(),
        sections == null ? List.of() : sections.incidents(),
        sections == null ? List.of() : sections.mspViolations(),
        creditSection, daily(month, days, dayMeasured, dayDown, now),
        lifecycle == null ? MonthlyReport.Hardware.NONE
            : HardwareSection.of(lifecycle, fleet, client.id(), from, to, now));
  }

  /**
   * The client's devices with a timeline starting before the month ends, by class, hostname, id.
   *
   * @param timelineStarts receives each one's timeline start
   */
  private List<DeviceIdentity> covered(String clientId, long toMillis, Map<String, Long> timelineStarts) {
    List<DeviceIdentity> out = new ArrayList<>();
    for (DeviceSnapshot d : fleet.snapshots()) {
      if (clientId.equals(d.identity().clientId()) && d.progress().hasSamples()
          && d.progress().startMillis() < toMillis) {
        out.add(d.identity());
        timelineStarts.put(d.deviceId(), d.progress().startMillis());
      }
    }
    out.sort(Comparator.comparing(DeviceIdentity::deviceClass)
        .thenComparing(DeviceIdentity::hostname, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(DeviceIdentity::deviceId));
    return out;
  }

  /** Mirrors {@code FleetQueryService}'s API view: millis truncated to seconds, means from {@link Reliability}. */
  private MonthlyReport.DeviceRow deviceRow(DeviceIdentity d, DeviceSla s) {
    Reliability r = new Reliability(s.uptimeMillis(), s.failureDowntimeMillis(), s.failures(), confidence);
    return new MonthlyReport.DeviceRow(d.deviceId(), d.hostname(), d.deviceClass().wireName(), s.availability(),
        s.targetPercent(), meets(s.measuredMillis(), s.downMillis(), s.targetPercent()), s.measuredMillis() / 1000,
        s.downMillis() / 1000, s.failures(), s.uptimeMillis() / 1000, r.mttfSeconds(), r.mttrSeconds(),
        r.mtbfSeconds(), r.mtbfLowerSeconds());
  }

  /** The same exact comparison as the credits' ({@link CreditCalculator}), so the summary and the credits agree. */
  static Boolean meets(long measuredMillis, long downMillis, Double targetPercent) {
    if (targetPercent == null || measuredMillis == 0) {
      return null;
    }
    return !CreditCalculator.below(measuredMillis, downMillis, targetPercent);
  }

  /** The month's local days as instants, each from its midnight to the next (23 or 25 hours across a DST change). */
  private static List<TimeRange> days(YearMonth month, ZoneId zone) {
    List<TimeRange> out = new ArrayList<>();
    for (LocalDate day = month.atDay(1); !day.isAfter(month.atEndOfMonth()); day = day.plusDays(1)) {
      out.add(new TimeRange(day.atStartOfDay(zone).toInstant().toEpochMilli(),
          day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli()));
    }
    return out;
  }

  /** Pooled availability per local day from the devices' summed day figures; days not yet begun are null. */
  private static List<MonthlyReport.DayRow> daily(YearMonth month, List<TimeRange> days, long[] measured,
      long[] down, long now) {
    List<MonthlyReport.DayRow> out = new ArrayList<>();
    for (int i = 0; i < days.size(); i++) {
      TimeRange day = days.get(i);
      Double availability = day.startMillis() >= now || measured[i] == 0 ? null
          : (double) (measured[i] - down[i]) / measured[i];
      out.add(new MonthlyReport.DayRow(month.atDay(i + 1), availability));
    }
    return out;
  }

  /** Sums of a group of devices' figures. */
  private static final class Pool {
    int devices;
    long measuredMillis;
    long downMillis;
    Reliability reliability;

    void add(DeviceSla s, double confidence) {
      devices++;
      measuredMillis += s.measuredMillis();
      downMillis += s.downMillis();
      Reliability r = new Reliability(s.uptimeMillis(), s.failureDowntimeMillis(), s.failures(), confidence);
      reliability = reliability == null ? r : reliability.plus(r);
    }

    Double availability() {
      return measuredMillis == 0 ? null : (double) (measuredMillis - downMillis) / measuredMillis;
    }

    MonthlyReport.ReliabilityRow reliabilityRow(String group) {
      Reliability r = reliability;
      if (r == null) {
        return new MonthlyReport.ReliabilityRow(group, 0, 0, 0, 0, null, null, null, 0);
      }
      return new MonthlyReport.ReliabilityRow(group, devices, r.failures(), r.uptimeMillis() / 1000,
          r.failureDowntimeMillis() / 1000, r.mttfSeconds(), r.mttrSeconds(), r.mtbfSeconds(), r.mtbfLowerSeconds());
    }
  }
}
