package dev.uptally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.agent.AgentMain;
import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.sla.SlaCalculator;
import dev.uptally.config.CollectorConfigLoader;
import dev.uptally.config.collector.CollectorConfig;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent process (its own JVM, real OSHI hardware) against a real collector on loopback, at a two-second
 * heartbeat interval so that a collector outage of several intervals takes seconds.
 */
class AgentCollectorTest {

  private static final String ENROLL = "agent-acme-token-0123456789";

  @TempDir
  Path dir;
  private Process agent;
  private CollectorApp collector;

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.destroy();
      agent.waitFor(15, TimeUnit.SECONDS);
    }
    if (collector != null) {
      collector.close();
    }
  }

  private CollectorApp startCollector(int port) throws Exception {
    Path file = dir.resolve("collector.yaml");
    if (!Files.exists(file)) {
      try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/collector.yaml")) {
        Files.copy(in, file);
      }
    }
    CollectorConfig config = CollectorConfigLoader.load(file, Map.of("UPTALLY_DEMO_PORT", Integer.toString(port),
        "UPTALLY_DEMO_INTERVAL", "2", "UPTALLY_API_TOKEN", "agent-api-token-0123456789",
        "ACME_ENROLL_TOKEN", ENROLL, "GLOBEX_ENROLL_TOKEN", "agent-globex-token-0123456789",
        "INITECH_ENROLL_TOKEN", "agent-initech-token-0123456789"));
    CollectorApp app = new CollectorApp(config, Clock.systemUTC());
    app.start();
    return app;
  }

  private Process startAgent(int port) throws Exception {
    Path config = Files.writeString(dir.resolve("agent.yaml"), String.join("\n",
        "collector: {url: \"http://127.0.0.1:" + port + "\"}",
        "enrollmentToken: \"" + ENROLL + "\"",
        "deviceClass: workstation",
        "stateDir: agent-state",
        "tags: {site: test}", ""));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AgentMain.class.getName(),
        "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
  }

  @Test
  void agentEnrollsAndItsHealthAndInventoryShowAtTheCollector() throws Exception {
    int port = freePort();
    collector = startCollector(port);
    agent = startAgent(port);
    DeviceSnapshot d = await(() -> collector.fleet().snapshots().stream()
        .filter(s -> s.progress().lastSeq() >= 2 && s.health() != null && s.inventory() != null).findFirst(),
        Duration.ofSeconds(60));
    var view = collector.queries().device(d.deviceId()).orElseThrow();
    assertThat(view.clientId()).isEqualTo("acme");
    assertThat(view.deviceClass()).isEqualTo("workstation");
    assertThat(view.state()).isEqualTo("up");
    assertThat(view.health().memory().totalBytes()).isPositive();
    assertThat(view.inventory().os().family()).isNotBlank();
    assertThat(view.inventory().cpu().logicalCores()).isPositive();
  }

  @Test
  void collectorOutageOfSeveralIntervalsIsSpooledReplayedInOrderAndIsNoDowntime() throws Exception {
    int port = freePort();
    collector = startCollector(port);
    agent = startAgent(port);
    DeviceSnapshot before = await(() -> collector.fleet().snapshots().stream()
        .filter(s -> s.progress().lastSeq() >= 3).findFirst(), Duration.ofSeconds(60));
    String id = before.deviceId();
    long outageStart = System.currentTimeMillis();
    collector.close();
    collector = null;
    Thread.sleep(9_000); // a real collector outage of four heartbeat intervals; the agent keeps sampling into its spool
    collector = startCollector(port);
    long outageEnd = System.currentTimeMillis();
    CollectorApp c = collector;
    DeviceSnapshot after = await(() -> c.fleet().snapshot(id)
        .filter(s -> s.progress().lastSampleMillis() > outageEnd + 2_000), Duration.ofSeconds(60));
    // every sample arrived: no gap in the timeline from before the outage on, nothing down, and the outage is on
    // the reachability track (the agent's first seconds are left out: at a 2 s interval a JVM start under load can
    // exceed the 6 s grace, which at the real 30 s interval it never does)
    List<SlaCalculator.Entry> timeline = new SlaCalculator(c.contracts(), c.fleet().timeline()).timeline(
        after.identity(), after.progress(), c.store().intervals(id, 0, Long.MAX_VALUE),
        before.progress().lastSampleMillis(), Long.MAX_VALUE, after.progress().lastSampleMillis());
    assertThat(timeline).as("timeline %s around an outage %d..%d", timeline, outageStart, outageEnd)
        .extracting(e -> e.state().wireName()).containsOnly("up");
    assertThat(c.store().unreachable(id, outageStart - 1_000, outageEnd + 60_000)).isNotEmpty();
    assertThat(after.progress().lastSeq()).isGreaterThan(before.progress().lastSeq() + 4);
  }

  private static <T> T await(Supplier<Optional<T>> probe, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> v = probe.get();
      if (v.isPresent()) {
        return v.get();
      }
      Thread.sleep(100); // polling a real agent process
    }
    throw new AssertionError("condition not met within " + timeout);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
