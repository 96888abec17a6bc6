package dev.uptally.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.Sample;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 of the collector while an agent streams batches: after a restart on the same database no acknowledged
 * sample's effect is lost, the device token still works, and the device shows no downtime it did not have.
 */
class CollectorCrashTest {

  private static final long INTERVAL = 30_000;

  @TempDir
  Path dir;

  private record Child(Process process, CollectorClient client) {}

  private Child startCollector() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CollectorProcess.class.getName(), dir.resolve("uptally.db").toString());
    pb.redirectError(dir.resolve("collector-stderr.log").toFile());
    Process p = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.startsWith("LISTENING ")) {
      // skip anything printed before the port
    }
    if (line == null) {
      throw new AssertionError("collector child exited: " + Files.readString(dir.resolve("collector-stderr.log")));
    }
    int port = Integer.parseInt(line.substring("LISTENING ".length()).trim());
    return new Child(p, new CollectorClient(new InetSocketAddress("127.0.0.1", port), "viewer-token-0123456789"));
  }

  @Test
  void sigtermStopsTheCollectorPromptlyWithEverythingAcknowledgedOnDisk() throws Exception {
    long boot = System.currentTimeMillis() - 86_400_000L;
    Child child = startCollector();
    String token = child.client().enroll("acme-enroll-token-0123456789", "srv-term", "server", null);
    List<Sample> samples = new ArrayList<>();
    for (int seq = 0; seq < 500; seq++) {
      samples.add(Sample.heartbeat(seq, boot + 60_000 + seq * INTERVAL, boot, null));
    }
    HeartbeatAck ack = child.client().send(token, "srv-term", samples, System.currentTimeMillis());
    child.process().destroy(); // SIGTERM
    assertThat(child.process().waitFor(20, TimeUnit.SECONDS)).as("stops within 20 s of SIGTERM").isTrue();
    try (dev.uptally.collector.store.jdbc.JdbcStorage store = dev.uptally.collector.store.sqlite.SqliteStorage.open(
        dir.resolve("uptally.db"))) {
      var stored = store.devices().loadDevices().stream().filter(d -> d.identity().deviceId().equals("srv-term")).findFirst();
      assertThat(stored).isPresent();
      assertThat(stored.get().progress().lastSeq()).isEqualTo(ack.ackedSeq()).isEqualTo(499);
    }
  }

  @Test
  void acknowledgedSamplesSurviveKillNineAndNoDowntimeAppears() throws Exception {
    long boot = System.currentTimeMillis() - 3 * 86_400_000L;
    long start = boot + 60_000;
    Child first = startCollector();
    String token = first.client().enroll("acme-enroll-token-0123456789", "srv-1", "server", "America/New_York");

    AtomicLong acked = new AtomicLong(-1);
    AtomicBoolean stop = new AtomicBoolean();
    Thread agent = new Thread(() -> {
      long seq = 0;
      while (!stop.get()) {
        List<Sample> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++, seq++) {
          batch.add(seq == 0 ? Sample.startup(0, start, boot, null, null)
              : Sample.heartbeat(seq, start + seq * INTERVAL, boot, null));
        }
        try {
          HeartbeatAck ack = first.client().send(token, "srv-1", batch, System.currentTimeMillis());
          acked.set(ack.ackedSeq());
        } catch (Exception | AssertionError e) {
          return; // the collector died under us: exactly what this test does
        }
      }
    });
    agent.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (acked.get() < 2000 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    first.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    stop.set(true);
    agent.join(10_000);
    long lastAcked = acked.get();
    assertThat(lastAcked).as("samples acknowledged before the kill").isGreaterThan(100);

    Child second = startCollector();
    try {
      JsonNode device = second.client().get("/api/v1/devices/srv-1");
      long lastHeard = Instant.parse(device.get("lastHeartbeat").asString()).toEpochMilli();
      assertThat(lastHeard).as("every acknowledged sample is durable").isGreaterThanOrEqualTo(start + lastAcked * INTERVAL);

      // the agent replays everything after its last ack, as its spool would, and goes on to the present
      long now = System.currentTimeMillis();
      long endSeq = (now - start) / INTERVAL;
      List<Sample> rest = new ArrayList<>();
      for (long seq = lastAcked + 1; seq <= endSeq; seq++) {
        rest.add(Sample.heartbeat(seq, start + seq * INTERVAL, boot, null));
      }
      HeartbeatAck ack = second.client().send(token, "srv-1", rest, System.currentTimeMillis());
      assertThat(ack.ackedSeq()).isEqualTo(endSeq);

      JsonNode sla = second.client().get("/api/v1/devices/srv-1/sla?from=" + Instant.ofEpochMilli(start) + "&to="
          + Instant.ofEpochMilli(start + endSeq * INTERVAL));
      assertThat(sla.get("downSeconds").asLong()).isZero();
      assertThat(sla.get("failures").asLong()).isZero();
      JsonNode timeline = second.client().get("/api/v1/devices/srv-1/timeline?from=" + Instant.ofEpochMilli(start)
          + "&to=" + Instant.ofEpochMilli(start + endSeq * INTERVAL));
      assertThat(timeline.findValuesAsString("state")).containsOnly("up");
    } finally {
      second.process().destroy();
      second.process().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
