package dev.uptally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.cli.sim.ClientFleet;
import dev.uptally.cli.sim.ContractTruth;
import dev.uptally.cli.sim.DeviceBehaviour;
import dev.uptally.cli.sim.FleetProfile;
import dev.uptally.cli.sim.Simulator;
import dev.uptally.cli.sim.SimulatorOptions;
import dev.uptally.collector.CollectorApp;
import dev.uptally.common.json.Json;
import dev.uptally.config.CollectorConfigLoader;
import dev.uptally.config.collector.CollectorConfig;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The demo right after its history is loaded: a simulated fleet (seed 8, 41 devices in New York, Berlin and Chicago)
 * sends nine and a half days of history, across November's end in every zone, through the real wire protocol into a
 * collector on {@code /demo/collector.yaml}, and the violations the API shows must be what the devices really did —
 * every patch window missed, with its cause, and every device below its November availability target, none invented
 * — as {@link ContractTruth} computes it from the simulator's truth alone. No burst of historical incidents: every
 * {@code patchWindowMissed} incident is for the device's most recent window, and a device has at most one open.
 *
 * <p>The clock is fixed, and the collector started at the end of the history. {@link #SETTLE} later (less than any
 * allowance after a start) every verdict must be there: those whose evidence is complete (the device was heard from
 * after the occurrence ended) wait for nothing, and devices whose history arrived in this run and then went quiet for a
 * heartbeat interval are judged provisionally from their silence. {@link #PROVISIONAL} later, judging again changes
 * nothing. Cases whose truth lies within the heartbeat interval's error of a
 * threshold are left out, and there must be few of them.
 */
class DemoVerdictsTruthTest {

  private static final Instant HISTORY_FROM = Instant.parse("2026-11-23T12:00:00Z");
  private static final Instant LOADED = Instant.parse("2026-12-03T12:00:00Z");
  private static final Duration SETTLE = Duration.ofMinutes(2);
  /** Past any allowance after a start for agents to replay (their backoff is capped at 5 min). */
  private static final Duration PROVISIONAL = Duration.ofMinutes(10);
  private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
  private static final long INTERVAL_MILLIS = 60_000;
  private static final String API_TOKEN = "verdicts-api-token-0123456789";
  private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z");

  @TempDir
  Path dir;

  @Test
  void violationsRightAfterTheHistoryIsLoadedEqualTheSimulatorsTruth() throws Exception {
    Map<String, String> tokens = Map.of("acme", "verdicts-acme-token-0123456789", "globex",
        "verdicts-globex-token-0123456789", "initech", "verdicts-initech-token-0123456789");
    FleetProfile profile = new FleetProfile(8, List.of(
        new ClientFleet("acme", tokens.get("acme"), ZoneId.of("America/New_York"), 2, 7, 6),
        new ClientFleet("globex", tokens.get("globex"), ZoneId.of("Europe/Berlin"), 2, 6, 5),
        new ClientFleet("initech", tokens.get("initech"), ZoneId.of("America/Chicago"), 2, 6, 5)));
    MutableClock clock = new MutableClock(LOADED);
    try (CollectorApp app = new CollectorApp(config(tokens), clock)) {
      URI url = URI.create("http://127.0.0.1:" + app.start().getPort() + "/");
      try (Simulator sim = new Simulator(url, profile, clock, SimulatorOptions.defaults(SimulatorOptions.QUIET))) {
        assertThat(sim.backfill(HISTORY_FROM, LOADED).failures()).as("history load").isEmpty();
        Api api = new Api(url);
        SoftAssertions soft = new SoftAssertions();
        Model settled = judgeAt(LOADED.plus(SETTLE), sim, app, clock);
        requireCases(settled);
        compare(soft, "after " + SETTLE.toMinutes() + " min", settled, api, true);
        Model later = judgeAt(LOADED.plus(PROVISIONAL), sim, app, clock);
        compare(soft, "after " + PROVISIONAL.toMinutes() + " min", later, api, true);
        soft.assertAll();
      }
    }
  }

  /**
   * Moves the clock to {@code t} with the fleet reporting until then (the demo goes live once its history is in),
   * lets the collector judge, and returns the truth at {@code t}.
   */
  private static Model judgeAt(Instant t, Simulator sim, CollectorApp app, MutableClock clock) throws Exception {
    Instant before = clock.instant();
    clock.set(t);
    assertThat(sim.backfill(before, t).failures()).as("fleet reporting until %s", t).isEmpty();
    app.fleet().tickAll(t.toEpochMilli()).join();
    app.contractEngine().evaluate(t.toEpochMilli());
    app.contractEngine().awaitIdle();
    return model(sim, app, t);
  }

  /**
   * Verdicts whose evidence is complete (the device was heard from after the occurrence's end) must be there and
   * equal the truth; provisional ones (not heard since) only once {@code provisionalDue}, and never differ from it.
   */
  private static void compare(SoftAssertions soft, String when, Model m, Api api, boolean provisionalDue)
      throws Exception {
    List<JsonNode> violations = api.list("/api/v1/violations?from=2026-10-01T00:00:00Z&to=" + m.now());
    List<JsonNode> incidents = api.list("/api/v1/incidents");
    System.out.printf(Locale.ROOT, "collector %s: violations by type %s, patchWindowMissed incidents by state %s%n",
        when, counts(violations, "type", null), counts(incidents, "state", "patchWindowMissed"));
    soft.assertThat(patchWindowDifferences(m, violations, provisionalDue)).as("%s: patch-window-missed violations"
        + " differing from the truth (%d clear windows compared)", when, m.clearWindows()).isEmpty();
    soft.assertThat(availabilityDifferences(m, violations, provisionalDue)).as("%s: availability-below-target"
        + " violations differing from the truth for November (%d clear devices compared)", when, m.clearMonths())
        .isEmpty();
    soft.assertThat(incidentProblems(m, incidents)).as("%s: patchWindowMissed incidents", when).isEmpty();
  }

  private CollectorConfig config(Map<String, String> tokens) throws Exception {
    Path file = dir.resolve("collector.yaml");
    try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/collector.yaml")) {
      Files.copy(in, file);
    }
    return CollectorConfigLoader.load(file, Map.of("UPTALLY_DEMO_PORT", "0",
        "UPTALLY_DEMO_INTERVAL", Long.toString(INTERVAL_MILLIS / 1000), "UPTALLY_API_TOKEN", API_TOKEN,
        "ACME_ENROLL_TOKEN", tokens.get("acme"), "GLOBEX_ENROLL_TOKEN", tokens.get("globex"),
        "INITECH_ENROLL_TOKEN", tokens.get("initech")));
  }

  /** What the truth says, per device; the collector is asked only when it last heard from each device. */
  private record Model(Instant now, Map<String, DeviceBehaviour> devices, Map<String, Instant> lastHeard,
      Map<String, ContractTruth.PatchWindow> windows, Map<String, Instant> latestWindow,
      Map<String, ContractTruth.Month> november) {

    /** Heard from after {@code end}: a verdict on what ended there needs nothing more. */
    boolean complete(String deviceId, Instant end) {
      return lastHeard.get(deviceId).isAfter(end);
    }

    String evidence(String deviceId, Instant end) {
      return complete(deviceId, end) ? "heard from after it: evidence complete" : "not heard since: provisional";
    }

    long clearWindows() {
      return windows.values().stream().filter(ContractTruth.PatchWindow::clear).count();
    }

    long clearMonths() {
      return november.values().stream().filter(ContractTruth.Month::clear).count();
    }

    Map<String, Integer> clearMisses(boolean completeOnly) {
      Map<String, Integer> out = new TreeMap<>();
      windows.values().stream().filter(w -> w.clear() && w.missed() && (!completeOnly || complete(w.deviceId(),
          w.end()))).forEach(w -> out.merge(w.cause(), 1, Integer::sum));
      return out;
    }

    List<String> clearBelow(boolean completeOnly) {
      return november.values().stream().filter(x -> x.clear() && x.below() && (!completeOnly || complete(x.deviceId(),
          x.end()))).map(ContractTruth.Month::deviceId).toList();
    }

    String name(String deviceId) {
      DeviceBehaviour d = devices.get(deviceId);
      return d == null ? deviceId : d.hostname() + " (" + d.deviceClass().wireName() + ", " + deviceId + ")";
    }

    String local(String deviceId, Instant t) {
      DeviceBehaviour d = devices.get(deviceId);
      return d == null ? t.toString() : t.atZone(d.zone()).toLocalDateTime() + " local";
    }
  }

  private static Model model(Simulator sim, CollectorApp app, Instant now) {
    ContractTruth truth = new ContractTruth(ContractTruth.Terms.DEMO, INTERVAL_MILLIS);
    int maxAgeDays = app.config().heartbeat().maxSampleAgeDays();
    Map<String, DeviceBehaviour> devices = new LinkedHashMap<>();
    Map<String, Instant> heard = new HashMap<>();
    Map<String, ContractTruth.PatchWindow> windows = new LinkedHashMap<>();
    Map<String, Instant> latest = new HashMap<>();
    Map<String, ContractTruth.Month> november = new LinkedHashMap<>();
    for (DeviceBehaviour b : sim.devices()) {
      devices.put(b.deviceId(), b);
      // skew-corrected time of the newest sample: only a sample after an outage tells the collector how it ended
      Instant lastHeard = Instant.ofEpochMilli(app.fleet().snapshot(b.deviceId())
          .orElseThrow(() -> new AssertionError("the collector does not know " + b.hostname())).progress()
          .lastSampleMillis());
      heard.put(b.deviceId(), lastHeard);
      var d = new ContractTruth.Device(b.deviceId(), b.deviceClass(), b.zone(), sim.truth(b.deviceId(), now),
          lastHeard);
      for (ContractTruth.PatchWindow w : truth.patchWindows(d, now.minus(Duration.ofDays(maxAgeDays)), now)) {
        windows.put(key(b.deviceId(), w.start()), w);
        latest.put(b.deviceId(), w.start());
      }
      november.put(b.deviceId(), truth.availability(d, NOVEMBER, now));
    }
    Model m = new Model(now, devices, heard, windows, latest, november);
    System.out.printf(Locale.ROOT, "truth at %s: %d devices, %d patch windows (%d left out near a threshold), clear"
        + " misses by cause %s; November: %d devices below target, %d left out near it%n", now, devices.size(),
        windows.size(), windows.size() - m.clearWindows(), m.clearMisses(false), m.clearBelow(false).size(),
        november.size() - m.clearMonths());
    return m;
  }

  /** The comparison must not pass for want of cases, nor leave many out. */
  private static void requireCases(Model m) {
    assertThat(m.clearMisses(true)).as("clear patch-window misses by cause, evidence complete")
        .containsKeys("shutdown", "asleep");
    assertThat(m.clearMisses(false)).as("clear patch-window misses by cause").containsKeys("silent");
    assertThat(m.clearBelow(true)).as("devices clearly below their November target, evidence complete").isNotEmpty();
    assertThat(m.windows().size() - m.clearWindows()).as("windows too close to a threshold to compare")
        .isLessThan(m.windows().size() / 20);
    assertThat(m.november().size() - m.clearMonths()).as("months too close to the target to compare")
        .isLessThanOrEqualTo(m.november().size() / 20);
  }

  private static List<String> patchWindowDifferences(Model m, List<JsonNode> violations, boolean provisionalDue) {
    List<String> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (JsonNode v : violations) {
      if (!"patch-window-missed".equals(text(v, "type"))) {
        continue;
      }
      String id = text(v, "deviceId");
      Instant start = Instant.parse(text(v, "start"));
      String k = key(id, start);
      seen.put(k, text(v, "cause"));
      ContractTruth.PatchWindow w = m.windows().get(k);
      if (w == null) {
        out.add(m.name(id) + " window " + m.local(id, start) + ": collector says missed (" + text(v, "cause")
            + "), but the device's history does not cover that window");
      } else if (w.clear() && !w.missed()) {
        out.add(m.name(id) + " window " + m.local(id, start) + ": collector says missed (" + text(v, "cause")
            + "), truth: kept, up " + minutes(w.upMillis()));
      } else if (!"customer".equals(text(v, "party"))) {
        out.add(m.name(id) + " window " + m.local(id, start) + ": party " + text(v, "party") + ", not customer");
      }
    }
    m.windows().forEach((k, w) -> {
      boolean due = provisionalDue || m.complete(w.deviceId(), w.end());
      if (!w.clear() || !w.missed() || w.cause().equals(seen.get(k)) || !due && !seen.containsKey(k)) {
        return;
      }
      String got = seen.containsKey(k) ? "cause " + seen.get(k) : "no violation";
      out.add(m.name(w.deviceId()) + " window " + m.local(w.deviceId(), w.start()) + ": truth missed (" + w.cause()
          + ", up " + minutes(w.upMillis()) + "), collector: " + got + " (" + m.evidence(w.deviceId(), w.end())
          + ")");
    });
    return capped(out);
  }

  private static List<String> availabilityDifferences(Model m, List<JsonNode> violations, boolean provisionalDue) {
    List<String> out = new ArrayList<>();
    Map<String, JsonNode> seen = new HashMap<>();
    for (JsonNode v : violations) {
      if (!"availability-below-target".equals(text(v, "type"))) {
        continue;
      }
      String id = text(v, "deviceId");
      ContractTruth.Month month = m.november().get(id);
      Instant start = Instant.parse(text(v, "start"));
      if (month == null || !start.equals(month.start()) || !Instant.parse(text(v, "end")).equals(month.end())) {
        out.add(m.name(id) + ": collector's violation " + text(v, "start") + " – " + text(v, "end")
            + " is not November of the device's zone (the only month that ended), detail " + text(v, "detail"));
        continue;
      }
      seen.put(id, v);
      if (!"msp".equals(text(v, "party"))) {
        out.add(m.name(id) + ": party " + text(v, "party") + ", not msp");
      }
      if (month.clear() && !month.below()) {
        out.add(m.name(id) + ": collector says below target (" + text(v, "detail") + "), truth: " + figures(month));
      }
    }
    m.november().forEach((id, month) -> {
      boolean due = provisionalDue || m.complete(id, month.end());
      if (month.clear() && month.below() && !seen.containsKey(id) && due) {
        out.add(m.name(id) + ": truth below target in November, " + figures(month) + "; collector: no violation ("
            + m.evidence(id, month.end()) + ")");
      }
    });
    return capped(out);
  }

  /** Only the most recent window may have an incident, and a device has at most one open. */
  private static List<String> incidentProblems(Model m, List<JsonNode> incidents) {
    List<String> out = new ArrayList<>();
    Map<String, Integer> open = new TreeMap<>();
    for (JsonNode i : incidents) {
      if (!"patchWindowMissed".equals(text(i, "rule"))) {
        continue;
      }
      String id = text(i, "deviceId");
      if (!"resolved".equals(text(i, "state"))) {
        open.merge(id, 1, Integer::sum);
      }
      Matcher w = INSTANT.matcher(String.valueOf(text(i, "detail")));
      Instant latest = m.latestWindow().get(id);
      if (!w.find()) {
        out.add(m.name(id) + ": incident " + text(i, "id") + " names no window: " + text(i, "detail"));
      } else if (latest == null || !Instant.parse(w.group()).equals(latest)) {
        out.add(m.name(id) + ": incident " + text(i, "id") + " (" + text(i, "state") + ") for window "
            + m.local(id, Instant.parse(w.group())) + ", not the most recent one "
            + (latest == null ? "(none)" : m.local(id, latest)));
      }
    }
    open.forEach((id, n) -> {
      if (n > 1) {
        out.add(m.name(id) + ": " + n + " open patchWindowMissed incidents");
      }
    });
    return capped(out);
  }

  /** At most 40 lines: enough to see the pattern, and the count of the rest. */
  private static List<String> capped(List<String> lines) {
    if (lines.size() > 40) {
      int more = lines.size() - 40;
      lines.subList(40, lines.size()).clear();
      lines.add("… and " + more + " more");
    }
    return lines;
  }

  private static Map<String, Integer> counts(List<JsonNode> rows, String field, String rule) {
    Map<String, Integer> out = new TreeMap<>();
    rows.stream().filter(r -> rule == null || rule.equals(text(r, "rule")))
        .forEach(r -> out.merge(String.valueOf(text(r, field)), 1, Integer::sum));
    return out;
  }

  private static String figures(ContractTruth.Month month) {
    return String.format(Locale.ROOT, "%.3f %% vs target %.1f %% (down %s of %.1f h measured)",
        100 * month.availability(), month.targetPercent(), minutes(month.downMillis()),
        month.measuredMillis() / 3_600_000.0);
  }

  private static String minutes(long millis) {
    return String.format(Locale.ROOT, "%.1f min", millis / 60_000.0);
  }

  private static String key(String deviceId, Instant windowStart) {
    return deviceId + "@" + windowStart;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asString();
  }

  /** The collector's API with the demo's operator token. */
  private record Api(URI base) {
    List<JsonNode> list(String pathAndQuery) throws Exception {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
          .header("Authorization", "Bearer " + API_TOKEN).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("GET %s: %s", pathAndQuery, r.body()).isEqualTo(200);
      List<JsonNode> out = new ArrayList<>();
      Json.mapper().readTree(r.body()).forEach(out::add);
      return out;
    }
  }
}
