package dev.uptally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.cli.sim.ClientFleet;
import dev.uptally.cli.sim.FleetProfile;
import dev.uptally.cli.sim.LifecycleOptions;
import dev.uptally.cli.sim.SimulatedMachine;
import dev.uptally.cli.sim.Simulator;
import dev.uptally.cli.sim.SimulatorOptions;
import dev.uptally.cli.sim.Truth;
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
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A simulated fleet whose hardware wears out — drives that fail and are swapped, laptops that break down, are retired
 * as {@code failed} and replaced by a new device with the same hostname, machines decommissioned — sends ten days of
 * history through the real wire protocol into a collector on {@code /demo/collector.yaml}, and the simulated operator
 * retires through the API. {@code /api/v1/lifetimes} per hardware model and per drive model must then equal the
 * lifetimes computed here from the simulator's truth alone, by the design's definitions: units, failures and censored
 * exactly, unit time, MTTF and its χ² lower bound (our own quantile) to 1e-9 relative; again after an operator
 * corrects one swap to "not a failure".
 *
 * <p>The clock is fixed, so the collector's skew correction is exact: a device clock more than 2 s off is corrected
 * to true time, one within 2 s is clock noise and kept as the device said (the design's threshold). Times the
 * collector reads from samples are converted that way; retirements carry the simulator's true time.
 */
class LifetimesTruthTest {

  private static final Instant HISTORY_FROM = Instant.parse("2026-11-20T12:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final String API_TOKEN = "lifetimes-api-token-0123456789";
  private static final long SKEW_THRESHOLD_MILLIS = 2_000;
  /** Accelerated far beyond the demo's so a 48-device fleet has enough of each in ten days. */
  private static final LifecycleOptions RATES = new LifecycleOptions(API_TOKEN, 0.03, 0.03, 0.006);

  @TempDir
  Path dir;

  @Test
  void lifetimesPerModelAndDriveModelEqualTheSimulatorsTruth() throws Exception {
    Map<String, String> tokens = Map.of("acme", "lifetimes-acme-token-0123456789", "globex",
        "lifetimes-globex-token-0123456789", "initech", "lifetimes-initech-token-0123456789");
    FleetProfile profile = new FleetProfile(11, List.of(
        new ClientFleet("acme", tokens.get("acme"), ZoneId.of("America/New_York"), 3, 12, 12),
        new ClientFleet("globex", tokens.get("globex"), ZoneId.of("Europe/Berlin"), 2, 9, 10)));
    MutableClock clock = new MutableClock(NOW);
    try (CollectorApp app = new CollectorApp(config(tokens), clock)) {
      URI url = URI.create("http://127.0.0.1:" + app.start().getPort() + "/");
      try (Simulator sim = new Simulator(url, profile, clock, SimulatorOptions.defaults(SimulatorOptions.QUIET),
          RATES)) {
        assertThat(sim.backfill(HISTORY_FROM, NOW).failures()).as("history load").isEmpty();
        List<SimulatedMachine> machines = sim.machines();
        requireEvents(machines);
        Api api = new Api(url);
        Set<String> notFailures = new HashSet<>();

        compare(api, machines, notFailures, "as simulated");

        // the operator says one swap was an upgrade: that drive is censored, not failed
        SimulatedMachine swapped = machines.stream().filter(m -> m.truth() != null
            && m.truth().drives().stream().anyMatch(d -> d.removedAt() != null)).findFirst().orElseThrow();
        Truth.DriveLife old = swapped.truth().drives().stream().filter(d -> d.removedAt() != null).findFirst()
            .orElseThrow();
        JsonNode change = null;
        for (JsonNode c : api.get("/api/v1/devices/" + swapped.device().deviceId() + "/hardware-changes")) {
          if (c.path("removed").path("serial").asString().equals(old.serial())) {
            change = c;
          }
        }
        assertThat(change).as("the collector's change removing drive %s of %s", old.serial(),
            swapped.device().hostname()).isNotNull();
        assertThat(change.path("kind").asString()).isEqualTo("drive-replaced");
        api.post("/api/v1/devices/" + swapped.device().deviceId() + "/hardware-changes/"
            + change.path("id").asString(), "{\"failure\": false, \"note\": \"upgrade\"}");
        notFailures.add(old.serial());
        compare(api, machines, notFailures, "after one swap was corrected to no failure");
      }
    }
  }

  /** The fleet must have had every kind of event, or the comparison proves little. */
  private static void requireEvents(List<SimulatedMachine> machines) {
    long swaps = machines.stream().filter(m -> m.truth() != null)
        .flatMap(m -> m.truth().drives().stream()).filter(d -> d.removedAt() != null).count();
    long failed = machines.stream().filter(m -> retirement(m) != null && retirement(m).reason().equals("failed"))
        .count();
    long decommissioned = machines.stream()
        .filter(m -> retirement(m) != null && retirement(m).reason().equals("decommissioned")).count();
    long replacements = machines.stream().filter(m -> m.replaces() != null).count();
    long otherModel = machines.stream().filter(m -> m.truth() != null).flatMap(m -> pairs(m.truth().drives()).stream())
        .filter(p -> !p[0].model().equals(p[1].model())).count();
    System.out.printf(Locale.ROOT, "simulated: %d machines, %d drive swaps (%d to another model), %d retired failed,"
        + " %d replacements reporting, %d decommissioned%n", machines.size(), swaps, otherModel, failed, replacements,
        decommissioned);
    assertThat(swaps).as("drive swaps").isGreaterThanOrEqualTo(3);
    assertThat(otherModel).as("swaps to another drive model").isGreaterThanOrEqualTo(1);
    assertThat(failed).as("laptops retired as failed").isGreaterThanOrEqualTo(2);
    assertThat(replacements).as("replacements that took over a hostname").isGreaterThanOrEqualTo(2);
    assertThat(decommissioned).as("machines decommissioned").isGreaterThanOrEqualTo(1);
  }

  private static List<Truth.DriveLife[]> pairs(List<Truth.DriveLife> drives) {
    List<Truth.DriveLife[]> out = new ArrayList<>();
    for (Truth.DriveLife removed : drives) {
      for (Truth.DriveLife added : drives) {
        if (removed.removedAt() != null && removed.removedAt().equals(added.listedFrom())) {
          out.add(new Truth.DriveLife[] {removed, added});
        }
      }
    }
    return out;
  }

  private static void compare(Api api, List<SimulatedMachine> machines, Set<String> notFailures, String when)
      throws Exception {
    SoftAssertions soft = new SoftAssertions();
    List<JsonNode> byModel = api.get("/api/v1/lifetimes?groupBy=model");
    double confidence = byModel.get(0).path("confidence").asDouble();
    assertThat(confidence).as("the demo's confidence").isEqualTo(0.9);
    Map<String, Expected> models = perModel(machines, true);
    Map<String, Expected> drives = perDriveModel(machines, notFailures);
    same(soft, when + ", per model", models, byModel, confidence);
    same(soft, when + ", per drive model", drives, api.get("/api/v1/lifetimes?groupBy=driveModel"), confidence);
    // the comparison tells: had the collector kept the retired machines in service, per model would differ
    soft.assertThat(perModel(machines, false)).as("%s: lifetimes ignoring retirements differ", when)
        .isNotEqualTo(models);
    soft.assertAll();
  }

  /** One group's pooled lives, from the truth. */
  record Expected(int units, int failures, long unitMillis) {
    Expected plus(long millis, boolean failed) {
      return new Expected(units + 1, failures + (failed ? 1 : 0), unitMillis + millis);
    }
  }

  /**
   * A machine lives from its first boot (the timeline starts at its first sample's boot) to its retirement, or now;
   * retired as failed is a failure.
   */
  private static Map<String, Expected> perModel(List<SimulatedMachine> machines, boolean withRetirements) {
    Map<String, Expected> out = new TreeMap<>();
    for (SimulatedMachine m : machines) {
      if (!heard(m)) {
        continue;
      }
      Truth.Retirement r = withRetirements ? retirement(m) : null;
      long start = observed(m, m.truth().start());
      long end = r == null ? NOW.toEpochMilli() : r.at().toEpochMilli();
      if (end > start) {
        String group = m.device().hardware().manufacturer() + " " + m.device().hardware().model();
        out.merge(group, new Expected(0, 0, 0).plus(end - start, r != null && r.reason().equals("failed")),
            (a, b) -> a.plus(b.unitMillis(), b.failures() > 0));
      }
    }
    return out;
  }

  /**
   * A drive lives from the first inventory listing it (its first sample's, or the enrollment's if that came first) to
   * the sample whose inventory listed its replacement — a failure unless corrected — or to its machine's end.
   */
  private static Map<String, Expected> perDriveModel(List<SimulatedMachine> machines, Set<String> notFailures) {
    Map<String, Expected> out = new TreeMap<>();
    for (SimulatedMachine m : machines) {
      if (!heard(m)) {
        continue;
      }
      Truth.Retirement r = retirement(m);
      long machineEnd = r == null ? NOW.toEpochMilli() : r.at().toEpochMilli();
      List<Truth.DriveLife> drives = m.truth().drives();
      for (int i = 0; i < drives.size(); i++) {
        Truth.DriveLife d = drives.get(i);
        long start = observed(m, d.listedFrom());
        if (i == 0 && m.enrolledAt() != null) {
          start = Math.min(start, m.enrolledAt().toEpochMilli());
        }
        boolean removed = d.removedAt() != null;
        long end = removed ? observed(m, d.removedAt()) : machineEnd;
        if (end > start) {
          boolean failed = removed && d.failed() && !notFailures.contains(d.serial());
          out.merge(d.model(), new Expected(0, 0, 0).plus(end - start, failed),
              (a, b) -> a.plus(b.unitMillis(), b.failures() > 0));
        }
      }
    }
    return out;
  }

  /** Whether the collector heard from the machine: its first sample carries its first inventory. */
  private static boolean heard(SimulatedMachine m) {
    return m.truth() != null && !m.truth().drives().isEmpty();
  }

  private static Truth.Retirement retirement(SimulatedMachine m) {
    return m.truth() == null ? null : m.truth().retirement();
  }

  /** A true time as the collector reads it from a sample of the device (skew within 2 s left alone). */
  private static long observed(SimulatedMachine m, Instant trueTime) {
    long skew = m.device().clockSkewMillis();
    return trueTime.toEpochMilli() + (Math.abs(skew) > SKEW_THRESHOLD_MILLIS ? 0 : skew);
  }

  private static void same(SoftAssertions soft, String what, Map<String, Expected> truth, List<JsonNode> rows,
      double confidence) {
    Map<String, JsonNode> seen = new TreeMap<>();
    rows.forEach(r -> seen.put(r.path("group").asString(), r));
    soft.assertThat(seen.keySet()).as("%s: groups", what).containsExactlyInAnyOrderElementsOf(truth.keySet());
    truth.forEach((group, e) -> {
      JsonNode r = seen.get(group);
      if (r == null) {
        return;
      }
      double seconds = e.unitMillis() / 1000.0;
      String g = what + ", " + group;
      soft.assertThat(r.path("units").asInt()).as("%s: units", g).isEqualTo(e.units());
      soft.assertThat(r.path("failures").asInt()).as("%s: failures", g).isEqualTo(e.failures());
      soft.assertThat(r.path("censored").asInt()).as("%s: censored", g).isEqualTo(e.units() - e.failures());
      soft.assertThat(r.path("unitSeconds").asLong()).as("%s: unitSeconds", g).isEqualTo(e.unitMillis() / 1000);
      if (e.failures() == 0) {
        soft.assertThat(r.path("mttfSeconds").isNull()).as("%s: mttfSeconds without failures", g).isTrue();
      } else {
        close(soft, g + ": mttfSeconds", r.path("mttfSeconds").asDouble(), seconds / e.failures());
      }
      close(soft, g + ": mttfLowerSeconds", r.path("mttfLowerSeconds").asDouble(),
          2 * seconds / chiSquaredQuantile(confidence, 2 * e.failures() + 2));
    });
  }

  private static void close(SoftAssertions soft, String what, double actual, double expected) {
    soft.assertThat(Math.abs(actual - expected) / expected).as("%s: %s, truth %s", what, actual, expected)
        .isLessThanOrEqualTo(1e-9);
  }

  /**
   * The χ² quantile for an even number of degrees of freedom {@code 2m}, by bisection on its closed-form CDF
   * {@code 1 − e^(−x/2) Σ_{j<m} (x/2)^j / j!} (the Poisson sum).
   */
  static double chiSquaredQuantile(double p, int dof) {
    if (dof % 2 != 0 || dof <= 0) {
      throw new IllegalArgumentException("closed form needs an even, positive dof: " + dof);
    }
    double lo = 0;
    double hi = dof;
    while (chiSquaredCdf(hi, dof / 2) < p) {
      hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > Math.ulp(hi); i++) {
      double mid = (lo + hi) / 2;
      if (chiSquaredCdf(mid, dof / 2) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  private static double chiSquaredCdf(double x, int m) {
    double half = x / 2;
    double term = 1;
    double sum = 1;
    for (int j = 1; j < m; j++) {
      term *= half / j;
      sum += term;
    }
    return 1 - Math.exp(-half) * sum;
  }

  @Test
  void chiSquaredQuantileMatchesKnownValues() {
    // tables: χ²(0.90; 2) = 4.60517 (= −2 ln 0.1), χ²(0.90; 4) = 7.77944, χ²(0.95; 10) = 18.30704
    assertThat(chiSquaredQuantile(0.90, 2)).isCloseTo(-2 * Math.log(0.1), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(chiSquaredQuantile(0.90, 4)).isCloseTo(7.77944, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(chiSquaredQuantile(0.95, 10)).isCloseTo(18.30704, org.assertj.core.data.Offset.offset(1e-5));
  }

  private CollectorConfig config(Map<String, String> tokens) throws Exception {
    Path file = dir.resolve("collector.yaml");
    try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/collector.yaml")) {
      Files.copy(in, file);
    }
    return CollectorConfigLoader.load(file, Map.of("UPTALLY_DEMO_PORT", "0", "UPTALLY_DEMO_INTERVAL", "60",
        "UPTALLY_API_TOKEN", API_TOKEN, "ACME_ENROLL_TOKEN", tokens.get("acme"), "GLOBEX_ENROLL_TOKEN",
        tokens.get("globex"), "INITECH_ENROLL_TOKEN", tokens.get("initech")));
  }

  /** The collector's API with the operator token. */
  private record Api(URI base) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    List<JsonNode> get(String path) throws Exception {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve(path))
          .header("Authorization", "Bearer " + API_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
      List<JsonNode> out = new ArrayList<>();
      Json.mapper().readTree(r.body()).forEach(out::add);
      return out;
    }

    void post(String path, String json) throws Exception {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve(path))
          .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isEqualTo(200);
    }
  }
}
