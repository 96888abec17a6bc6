package dev.uptally.agent.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.agent.clock.AgentClock;
import dev.uptally.agent.events.SleepDetector;
import dev.uptally.agent.hardware.FakeHardwareReader;
import dev.uptally.agent.identity.IdentityStore;
import dev.uptally.agent.spool.SampleRecorder;
import dev.uptally.agent.spool.Spool;
import dev.uptally.agent.spool.SpoolLimits;
import dev.uptally.agent.testing.FakeCollector;
import dev.uptally.agent.transport.CollectorClient;
import dev.uptally.common.device.DeviceClass;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner on its real thread and the real clocks, with a short interval; waits are bounded. */
class HeartbeatRunnerTest {

  @TempDir Path stateDir;

  @Test
  void anErrorInAStepDoesNotEndTheHeartbeatThread() throws IOException, InterruptedException {
    FakeHardwareReader hardware = new FakeHardwareReader();
    hardware.healthError = new NoClassDefFoundError("com/sun/jna/Native");
    AgentClock clock = AgentClock.system();
    try (FakeCollector collector = new FakeCollector();
        Spool spool = Spool.open(stateDir.resolve("spool"), SpoolLimits.of(1 << 20, Duration.ofDays(35)), clock)) {
      IdentityStore identity = IdentityStore.open(stateDir);
      InventoryTracker tracker = new InventoryTracker(identity);
      CollectorClient client = new CollectorClient(collector.url(), null, null, "test");
      Enrollment enrollment = new Enrollment(identity, client, "enroll-secret",
          () -> new Enrollment.DeviceDescription("host-1", DeviceClass.SERVER, "UTC", "test", Map.of()),
          hardware::inventory, tracker);
      LoopSettings d = LoopSettings.defaults();
      LoopSettings fast = new LoopSettings(Duration.ofMillis(20), 0, d.maxBatchSamples(), d.maxBatchesPerRound(),
          Duration.ofSeconds(2), Duration.ofMillis(20), d.inventoryEvery());
      HeartbeatLoop loop = new HeartbeatLoop(clock, hardware, new SampleRecorder(spool, identity), enrollment, client,
          tracker, new SleepDetector(Duration.ofSeconds(20)), Backoff.standard(new SplittableRandom(1)),
          new SplittableRandom(2), fast);
      HeartbeatRunner runner = new HeartbeatRunner(loop);
      runner.start();
      try {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (hardware.healthReads < 3 && System.nanoTime() < deadline) {
          Thread.sleep(10); // bounded wait for the runner's own thread
        }
        assertThat(hardware.healthReads).as("the loop kept trying after the error").isGreaterThanOrEqualTo(3);
      } finally {
        runner.stop(Duration.ofSeconds(1));
      }
    }
  }
}
