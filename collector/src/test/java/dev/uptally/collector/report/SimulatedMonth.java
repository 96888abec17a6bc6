package dev.uptally.collector.report;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.incident.Incident;
import dev.uptally.collector.incident.Violation;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.sla.TestConfigs;
import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.ShutdownReason;
import dev.uptally.config.collector.CollectorConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * October 2026 of client "acme" (America/New_York, all of it daylight time), played over HTTP into a real collector
 * on loopback, with the contract engine's violations and incidents for that month. The truth the tests check is
 * computed by hand in {@link MonthlyReportTest}'s comments from this script.
 *
 * <ul>
 *   <li>acme-db01 (server): crashes Tue 6 Oct 10:00 → boot 11:40 (100 min) and Tue 20 Oct 15:00 → boot 15:20.</li>
 *   <li>acme-web01 (server): crashes Sun 11 Oct 02:30 → boot 03:00, inside the SUN 02:00-04:00 maintenance.</li>
 *   <li>reception-pc (workstation): crashes Tue 13 Oct 09:00 → boot 09:30; switched off Wed 14 Oct 19:01 → boot
 *       Thu 15 Oct 07:30 (missing that night's patch window).</li>
 *   <li>partner-laptop (laptop): asleep every night 22:00 → 07:00.</li>
 *   <li>globex-srv (server, client globex): must not appear in acme's report.</li>
 * </ul>
 */
final class SimulatedMonth implements AutoCloseable {

  static final ZoneId NY = ZoneId.of("America/New_York");
  static final long MIN = 60_000;
  static final long H = 60 * MIN;
  static final long FROM = at("2026-10-01T00:00");
  static final long TO = at("2026-11-01T00:00");
  static final long NOW = TO + MIN;
  private static final Health HEALTH = new Health(new Health.Cpu(0.2, 0.4, 48.0),
      new Health.Memory(16L << 30, 9L << 30, 2L << 30, 0L), List.of(new Health.Disk("/", 500L << 30, 210L << 30)),
      null, List.of(), false);

  final MutableClock clock = new MutableClock(Instant.ofEpochMilli(NOW));
  final CollectorApp app;
  final Loopback http;

  SimulatedMonth(Path dir) throws Exception {
    this(dir, UnaryOperator.identity());
  }

  /** @param terms edits the standard configuration (e.g. another contract) before the collector starts */
  SimulatedMonth(Path dir, UnaryOperator<CollectorConfig> terms) throws Exception {
    app = new CollectorApp(terms.apply(TestConfigs.standard(NY, dir.resolve("uptally.db"))), clock,
        HttpTimeouts.DEFAULTS, 2);
    http = new Loopback(app.start());
    DeviceScript db = start("srv-db", "acme-db01", "server")
        .beatUntil(at("2026-10-06T10:00")).crashAndBoot(at("2026-10-06T11:40"), at("2026-10-06T11:41"))
        .beatUntil(at("2026-10-20T15:00")).crashAndBoot(at("2026-10-20T15:20"), at("2026-10-20T15:21"))
        .beatUntil(TO);
    DeviceScript web = start("srv-web", "acme-web01", "server")
        .beatUntil(at("2026-10-11T02:30")).crashAndBoot(at("2026-10-11T03:00"), at("2026-10-11T03:01"))
        .beatUntil(TO);
    DeviceScript ws = start("ws-reception", "reception-pc", "workstation")
        .beatUntil(at("2026-10-13T09:00")).crashAndBoot(at("2026-10-13T09:30"), at("2026-10-13T09:31"))
        .beatUntil(at("2026-10-14T19:00")).shutdown(ShutdownReason.OS, MIN)
        .boot(at("2026-10-15T07:30"), at("2026-10-15T07:31"))
        .beatUntil(TO);
    DeviceScript laptop = start("lt-partner", "partner-laptop", "laptop");
    for (int day = 1; day <= 30; day++) {
      laptop.beatUntil(at(String.format("2026-10-%02dT22:00", day)))
          .sleepUntil(at(String.format("2026-10-%02dT07:00", day + 1)), MIN);
    }
    laptop.beatUntil(TO);
    DeviceScript globex = start("gx-srv", "globex-srv", "server").beatUntil(at("2026-10-03T00:00"));
    for (DeviceScript d : List.of(db, web, ws, laptop)) {
      http.play("acme-enroll-token-0123456789", d, NY.getId(), NOW);
    }
    http.play("globex-enroll-token-0123456789", globex, NY.getId(), NOW);
  }

  /**
   * A device booted an hour before the month, its agent reporting every minute from the month's start (a shutdown
   * or resume sample comes at the next grid point).
   */
  private static DeviceScript start(String id, String host, String cls) {
    return DeviceScript.device(id, cls).hostname(host).everyMillis(MIN).health(HEALTH).start(FROM - H, FROM);
  }

  static long at(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }

  static Instant instant(String local) {
    return Instant.ofEpochMilli(at(local));
  }

  /** What the contract engine would have recorded for this month (and one event either side of it). */
  static ListContractQueries contractEngine() {
    List<Violation> violations = List.of(
        patchMiss("v1", "ws-reception", "2026-10-15T01:00", "shutdown"),
        patchMiss("v2", "lt-partner", "2026-10-06T01:00", "asleep"),
        patchMiss("v3", "lt-partner", "2026-10-08T01:00", "asleep"),
        patchMiss("v0", "lt-partner", "2026-09-29T01:00", "asleep"),
        new Violation("v4", "patch-window-missed", "customer", "globex", "gx-srv", instant("2026-10-06T01:00"),
            instant("2026-10-06T04:00"), "silent", "globex's"),
        new Violation("v5", "response-breach", "msp", "acme", "srv-db", instant("2026-10-20T15:02"),
            instant("2026-10-20T15:21"), null, "P1 response due 15:17, responded 15:21"));
    List<Incident> incidents = List.of(
        new Incident("i1", "acme", "srv-db", "deviceDown", "P1", "resolved", instant("2026-10-06T10:02"),
            instant("2026-10-06T10:17"), instant("2026-10-06T14:02"), instant("2026-10-06T10:10"), "noc",
            instant("2026-10-06T11:41"), null, "auto", false, "acme-db01 down (crash)", null, null),
        new Incident("i2", "acme", "srv-db", "deviceDown", "P1", "resolved", instant("2026-10-20T15:02"),
            instant("2026-10-20T15:17"), instant("2026-10-20T19:02"), instant("2026-10-20T15:25"), "noc",
            instant("2026-10-20T15:21"), null, "auto", true, "acme-db01 down (crash)", null, null),
        new Incident("i3", "acme", "ws-reception", "diskFull", "P2", "open", instant("2026-10-31T22:00"),
            instant("2026-10-31T23:00"), instant("2026-11-01T06:00"), null, null, null, null, null, false,
            "disk / 93 % full", null, null),
        // P3 runs in business hours (MON-FRI 08:00-18:00): opened Friday 17:30, acknowledged Monday 08:30
        new Incident("i4", "acme", "ws-reception", "temperature", "P3", "resolved", instant("2026-10-16T17:30"),
            instant("2026-10-19T11:30"), instant("2026-10-23T15:30"), instant("2026-10-19T08:30"), "noc",
            instant("2026-10-19T09:00"), null, "auto", false, "CPU 91 °C", null, null));
    return new ListContractQueries(violations, incidents);
  }

  private static Violation patchMiss(String id, String device, String start, String cause) {
    long s = at(start);
    return new Violation(id, "patch-window-missed", "customer", "acme", device, Instant.ofEpochMilli(s),
        Instant.ofEpochMilli(s + 3 * H), cause, "up 0 min of the required 30 min");
  }

  @Override
  public void close() {
    app.close();
  }
}
