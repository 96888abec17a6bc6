package dev.uptally.collector.incident;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.sla.ContractBook;
import dev.uptally.collector.sla.DeviceSla;
import dev.uptally.collector.store.ContractTransaction;
import dev.uptally.collector.store.SqliteContractStore;
import dev.uptally.config.collector.ClientConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The MSP's availability promise, per device and calendar month of its client's time zone: once a month has ended
 * (and agents have had time to replay), every device of the client whose timeline reached into the month is judged
 * on its month's availability ({@code /sla} over the month: the class's calendar, target and counted causes); one
 * below its class's target is an {@code availability-below-target} violation with party {@code msp}, the month as
 * its window. A verdict is revised when late data changes the month's figure (a device that was silent replays its
 * spool): withdrawn when the device turns out to have met its target, re-opened if a later replay says otherwise.
 * Months older than the oldest sample the collector accepts are final.
 *
 * <p>How far months have been judged is stored per client ({@value #WATERMARK_PREFIX}{@code <client>}) with the
 * verdicts. A first run judges nothing and starts with the month under way: a collector does not blame the months
 * before it was installed. Mutations run on the contract engine's single thread; {@link #needsReview} may be called
 * from any thread.
 */
final class AvailabilityEvaluator {

  static final String TYPE = "availability-below-target";
  static final String WATERMARK_PREFIX = "availability.judgedUntil.";
  static final String FIRST_PREFIX = "availability.judgedFrom.";

  private final ContractBook contracts;
  private final Fleet fleet;
  private final SqliteContractStore store;
  private final SlaFigures figures;
  private final long lookbackMillis;
  /** client id → end of the last month judged (epoch millis), as stored. */
  private final Map<String, Long> judgedUntil = new ConcurrentHashMap<>();
  /** client id → start of the first month judged: the month under way when the collector first ran. */
  private final Map<String, Long> judgedFrom = new ConcurrentHashMap<>();

  AvailabilityEvaluator(ContractBook contracts, Fleet fleet, SqliteContractStore store, SlaFigures figures,
      long lookbackMillis) {
    this.contracts = contracts;
    this.fleet = fleet;
    this.store = store;
    this.figures = figures;
    this.lookbackMillis = lookbackMillis;
  }

  void load() {
    judgedUntil.clear();
    judgedFrom.clear();
    for (ClientConfig c : contracts.config().clients()) {
      store.state(WATERMARK_PREFIX + c.id()).ifPresent(v -> judgedUntil.put(c.id(), v));
      store.state(FIRST_PREFIX + c.id()).ifPresent(v -> judgedFrom.put(c.id(), v));
    }
  }

  /**
   * Whether a batch may have changed a judged month's figure: the device was silent before it (its silence may have
   * been counted up to a month's end) or it closed intervals starting before the last month end judged.
   */
  boolean needsReview(DeviceSnapshot s, long oldestClosedStartMillis, boolean wasSilent) {
    Long until = judgedUntil.get(s.identity().clientId());
    return until != null && s.progress().startMillis() < until && (wasSilent || oldestClosedStartMillis < until);
  }

  /** Judges the months of every client that ended at or before {@code settledMillis}. */
  void evaluate(long nowMillis, long settledMillis) {
    for (ClientConfig client : contracts.config().clients()) {
      if (contracts.contract(client.id()) == null) {
        continue;
      }
      ZoneId zone = client.timezone();
      long current = monthStart(YearMonth.from(Instant.ofEpochMilli(settledMillis).atZone(zone)), zone);
      Long until = judgedUntil.get(client.id());
      if (until == null) {
        store.write("availability months of client " + client.id() + ": first run", tx -> {
          tx.setState(FIRST_PREFIX + client.id(), current);
          tx.setState(WATERMARK_PREFIX + client.id(), current);
        });
        judgedFrom.put(client.id(), current);
        judgedUntil.put(client.id(), current);
        continue;
      }
      while (until < current) {
        YearMonth month = YearMonth.from(Instant.ofEpochMilli(until).atZone(zone));
        long from = monthStart(month, zone);
        long to = monthStart(month.plusMonths(1), zone);
        // published before the figures are read: a batch that lands while they are computed (they run outside the
        // write transaction, ingest goes on) then asks for a review, which runs on this thread after the verdicts
        judgedUntil.put(client.id(), to);
        try {
          List<Judgement> judged = new ArrayList<>();
          for (DeviceSnapshot s : fleet.snapshots()) {
            if (s.identity().clientId().equals(client.id())) {
              figure(s, from, to).ifPresent(judged::add);
            }
          }
          store.write("availability of client " + client.id() + " in " + month, tx -> {
            judged.forEach(j -> record(tx, j, nowMillis));
            tx.setState(WATERMARK_PREFIX + client.id(), to);
          });
        } catch (RuntimeException e) {
          judgedUntil.put(client.id(), until); // not judged after all: the next evaluation tries again
          throw e;
        }
        until = to;
      }
    }
  }

  /** Re-judges the device's months that are judged and not yet final. */
  void review(DeviceSnapshot s, long nowMillis) {
    String clientId = s.identity().clientId();
    Long until = judgedUntil.get(clientId);
    if (until == null) {
      return;
    }
    long first = Math.max(judgedFrom.getOrDefault(clientId, until), nowMillis - lookbackMillis);
    if (until <= first) {
      return;
    }
    ZoneId zone = contracts.clientZone(clientId);
    List<Judgement> judged = new ArrayList<>();
    YearMonth month = YearMonth.from(Instant.ofEpochMilli(until - 1).atZone(zone)); // the last month judged
    for (long to = until; to > first; month = month.minusMonths(1)) {
      long from = monthStart(month, zone);
      figure(s, from, to).ifPresent(judged::add);
      to = from;
    }
    if (!judged.isEmpty()) {
      store.write("availability review of device " + s.deviceId(), tx -> judged.forEach(j -> record(tx, j, nowMillis)));
    }
  }

  /** A device's figures for a month it was in the fleet for. */
  private record Judgement(DeviceIdentity device, long fromMillis, long toMillis, DeviceSla sla) {}

  private Optional<Judgement> figure(DeviceSnapshot s, long from, long to) {
    if (!s.progress().hasSamples() || s.progress().startMillis() >= to) {
      return Optional.empty(); // not in the fleet that month
    }
    return figures.of(s.deviceId(), from, to).map(sla -> new Judgement(s.identity(), from, to, sla));
  }

  private void record(ContractTransaction tx, Judgement j, long nowMillis) {
    DeviceIdentity d = j.device();
    DeviceSla sla = j.sla();
    boolean below = sla.belowTarget();
    Optional<TrackedViolation> existing = store.violation(TYPE, d.deviceId(), j.fromMillis());
    if (existing.isEmpty()) {
      if (below) {
        Violation v = new Violation(UUID.randomUUID().toString(), TYPE, "msp", d.clientId(), d.deviceId(),
            Instant.ofEpochMilli(j.fromMillis()), Instant.ofEpochMilli(j.toMillis()), null, detail(sla));
        if (tx.insertViolation(new TrackedViolation(v, null, null, false), nowMillis)) {
          tx.appendEvent(ContractEvents.violation(v, nowMillis));
        }
      }
      return;
    }
    TrackedViolation t = existing.get();
    Violation old = t.violation();
    String detail = below ? detail(sla) : old.detail();
    if (t.withdrawn() == !below && detail.equals(old.detail())) {
      return;
    }
    tx.updateViolation(new TrackedViolation(new Violation(old.id(), old.type(), old.party(), old.clientId(),
        old.deviceId(), old.start(), old.end(), old.cause(), detail), null, null, !below), nowMillis);
  }

  private static String detail(DeviceSla sla) {
    BigDecimal percent = BigDecimal.valueOf(sla.measuredMillis() - sla.downMillis()).multiply(BigDecimal.valueOf(100))
        .divide(BigDecimal.valueOf(sla.measuredMillis()), 3, RoundingMode.DOWN);
    return "availability " + percent.toPlainString() + " % below target " + sla.targetPercent() + " %: down "
        + sla.downMillis() / 1000 + " s of " + sla.measuredMillis() / 1000 + " s measured";
  }

  private static long monthStart(YearMonth month, ZoneId zone) {
    return month.atDay(1).atStartOfDay(zone).toInstant().toEpochMilli();
  }
}
