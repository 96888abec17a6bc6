package dev.uptally.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.sla.TestConfigs;
import dev.uptally.collector.store.StoreException;
import dev.uptally.config.collector.CollectorConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two collectors on one database would overwrite each other's acknowledged progress: the second is refused at start,
 * whether it runs in the same JVM or another, and the lease frees itself when its holder is killed with SIGKILL.
 */
class CollectorLeaseTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");

  @TempDir
  Path dir;

  private CollectorConfig config() {
    return TestConfigs.standard(NY, dir.resolve("uptally.db"));
  }

  private CollectorApp newCollector() {
    return new CollectorApp(config(), Clock.systemUTC(), HttpTimeouts.DEFAULTS, 2);
  }

  private Process childCollector() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CollectorProcess.class.getName(),
        dir.resolve("uptally.db").toString())
        .redirectError(dir.resolve("child-stderr.log").toFile())
        .start();
  }

  /** The child's port once it listens, or null when it exited first. */
  private static Integer awaitListening(Process child) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("LISTENING ")) {
        return Integer.parseInt(line.substring("LISTENING ".length()).trim());
      }
    }
    return null;
  }

  @Test
  void aSecondCollectorInTheSameProcessIsRefusedAndTheFirstKeepsItsLeaseAgainstOtherProcesses() throws Exception {
    try (CollectorApp first = newCollector()) {
      first.start();

      assertThatThrownBy(this::newCollector)
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("the database " + dir.resolve("uptally.db").toAbsolutePath()
              + " is in use by another collector (pid " + ProcessHandle.current().pid())
          .hasMessageContaining("in this same process");

      // the refused attempt must not have released the OS lock (closing any channel of a file drops a POSIX lock)
      Process child = childCollector();
      try {
        assertThat(awaitListening(child)).as("a collector in another JVM starts").isNull();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isNotZero();
        assertThat(Files.readString(dir.resolve("child-stderr.log")))
            .contains("is in use by another collector (pid " + ProcessHandle.current().pid());
      } finally {
        child.destroyForcibly();
      }
    }
    try (CollectorApp afterClose = newCollector()) {
      assertThat(afterClose.start()).isNotNull();
    }
  }

  @Test
  void aCollectorKilledWithSigkillLeavesNoLeaseBehind() throws Exception {
    Process child = childCollector();
    try {
      Integer port = awaitListening(child);
      assertThat(port).as("child collector: %s", Files.readString(dir.resolve("child-stderr.log"))).isNotNull();
      CollectorClient client = new CollectorClient(new InetSocketAddress("127.0.0.1", port), "viewer-token-0123456789");
      client.enroll("acme-enroll-token-0123456789", "srv-1", "server", null);

      assertThatThrownBy(this::newCollector)
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("is in use by another collector (pid " + child.pid() + " on host ")
          .hasMessageContaining("lock file " + dir.resolve("uptally.db.lock").toAbsolutePath());
      assertThat(client.get("/api/v1/devices/srv-1").get("deviceId").asString())
          .as("the holder keeps serving").isEqualTo("srv-1");

      child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }

    try (CollectorApp next = newCollector()) {
      next.start();
      assertThat(next.fleet().size()).as("the device enrolled with the killed collector").isEqualTo(1);
    }
  }
}
