package dev.uptally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.cli.sim.ClientFleet;
import dev.uptally.cli.sim.FleetProfile;
import dev.uptally.cli.sim.Simulator;
import dev.uptally.cli.sim.SimulatorOptions;
import dev.uptally.cli.sim.TruthInterval;
import dev.uptally.cli.sim.TruthKind;
import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.sla.SlaCalculator;
import dev.uptally.config.CollectorConfigLoader;
import dev.uptally.config.collector.CollectorConfig;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated fleet (crashes, nightly shutdowns, sleepers, agent gaps, skewed clocks, devices that die) sends
 * three days of history through the real wire protocol; for every device the collector's timeline must match what
 * the device really did: every real outage found with the right state and cause, no outage invented.
 */
class SimulatedFleetTruthTest {

  private static final long INTERVAL = 60_000;

  @TempDir
  Path dir;

  @Test
  void collectorTimelinesMatchWhatTheSimulatedDevicesDid() throws Exception {
    Path file = dir.resolve("collector.yaml");
    try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/collector.yaml")) {
      Files.copy(in, file);
    }
    Map<String, String> tokens = Map.of("acme", "truth-acme-token-0123456789", "globex",
        "truth-globex-token-0123456789", "initech", "truth-initech-token-0123456789");
    CollectorConfig config = CollectorConfigLoader.load(file, Map.of("UPTALLY_DEMO_PORT", "0",
        "UPTALLY_DEMO_INTERVAL", "60", "UPTALLY_API_TOKEN", "truth-api-token-0123456789",
        "ACME_ENROLL_TOKEN", tokens.get("acme"), "GLOBEX_ENROLL_TOKEN", tokens.get("globex"),
        "INITECH_ENROLL_TOKEN", tokens.get("initech")));
    try (CollectorApp app = new CollectorApp(config, Clock.systemUTC())) {
      URI url = URI.create("http://127.0.0.1:" + app.start().getPort() + "/");
      FleetProfile profile = new FleetProfile(7, List.of(
          new ClientFleet("acme", tokens.get("acme"), ZoneId.of("America/New_York"), 6, 30, 30),
          new ClientFleet("globex", tokens.get("globex"), ZoneId.of("Europe/Berlin"), 4, 20, 20)));
      Instant now = Instant.now();
      Instant from = now.minus(Duration.ofDays(3));
      try (Simulator sim = new Simulator(url, profile, Clock.systemUTC(), SimulatorOptions.defaults(SimulatorOptions.QUIET))) {
        assertThat(sim.backfill(from, now).failures()).isEmpty();
        Instant end = Instant.now();
        int outagesChecked = 0;
        for (var device : sim.devices()) {
          List<TruthInterval> truth = sim.truth(device.deviceId(), now);
          List<SlaCalculator.Entry> seen = timeline(app, device.deviceId(), from.toEpochMilli(), end.toEpochMilli());
          // true time of the last sample the collector holds: only a later sample is evidence of how an outage ended
          long lastHeard = app.fleet().snapshot(device.deviceId()).orElseThrow().progress().lastSampleMillis()
              - device.clockSkewMillis();
          outagesChecked += compare(device.deviceId(), truth, seen, now.toEpochMilli(), lastHeard, end.toEpochMilli());
        }
        assertThat(outagesChecked).as("the fleet had outages of every kind to check").isGreaterThan(20);
      }
    }
  }

  static List<SlaCalculator.Entry> timeline(CollectorApp app, String deviceId, long from, long to) {
    var snapshot = app.fleet().snapshot(deviceId).orElseThrow(() -> new AssertionError("unknown device " + deviceId));
    var stored = app.store().intervals(deviceId, from, to);
    return new SlaCalculator(app.contracts(), app.fleet().timeline())
        .timeline(snapshot.identity(), snapshot.progress(), stored, from, to, to);
  }

  /** Every real non-up interval must be seen; every seen non-up interval must be real. Returns the count matched. */
  static int compare(String id, List<TruthInterval> truth, List<SlaCalculator.Entry> seen, long now,
      long lastHeard, long to) {
    int matched = 0;
    for (TruthInterval t : truth) {
      String expected = expected(t.kind());
      if (expected == null || t.end().toEpochMilli() - t.start().toEpochMilli() < 3 * INTERVAL) {
        continue; // up, or too short to tell from a missed heartbeat
      }
      long ts = t.start().toEpochMilli();
      long te = Math.min(t.end().toEpochMilli(), now);
      // the collector knows how an outage ended only from a sample after it; until then a crash is silence (a sleep
      // was announced by its suspend sample, so it is asleep from the start)
      boolean reported = te <= lastHeard;
      String want = !reported && t.kind() == TruthKind.CRASH_DOWN ? "down/silent" : expected;
      boolean found = seen.stream().anyMatch(e -> label(e).equals(want)
          && Math.abs(e.startMillis() - ts) <= INTERVAL + 1_000
          && (!reported || Math.abs(e.endMillis() - te) <= INTERVAL + 1_000));
      assertThat(found).as("%s: real %s %s..%s not found in %s", id, t.kind(), t.start(), t.end(), describe(seen))
          .isTrue();
      matched++;
    }
    List<TruthInterval> notUp = new ArrayList<>(truth.stream().filter(t -> t.kind() != TruthKind.UP).toList());
    for (SlaCalculator.Entry e : seen) {
      if (label(e).equals("up")) {
        continue;
      }
      // an entry still open at the end of the window ends "now", which is no claim about the device
      boolean open = e.endMillis() >= to;
      boolean real = notUp.stream().anyMatch(t -> t.start().toEpochMilli() - INTERVAL - 1_000 <= e.startMillis()
          && (open || e.endMillis() <= Math.max(t.end().toEpochMilli(), e.startMillis()) + INTERVAL + 1_000));
      assertThat(real).as("%s: collector shows %s %s..%s that did not happen; truth %s", id, label(e),
          Instant.ofEpochMilli(e.startMillis()), Instant.ofEpochMilli(e.endMillis()), notUp).isTrue();
    }
    return matched;
  }

  private static String expected(TruthKind k) {
    return switch (k) {
      case CRASH_DOWN -> "down/crash";
      case SHUTDOWN_DOWN -> "down/shutdown";
      case ASLEEP -> "asleep";
      case AGENT_GAP -> "unknown";
      case SILENT -> "down/silent";
      case UP -> null;
    };
  }

  private static String label(SlaCalculator.Entry e) {
    return e.cause() == null ? e.state().wireName() : e.state().wireName() + "/" + e.cause().wireName();
  }

  private static String describe(List<SlaCalculator.Entry> seen) {
    return seen.stream().filter(e -> !label(e).equals("up"))
        .map(e -> label(e) + " " + Instant.ofEpochMilli(e.startMillis()) + ".." + Instant.ofEpochMilli(e.endMillis()))
        .toList().toString();
  }
}
