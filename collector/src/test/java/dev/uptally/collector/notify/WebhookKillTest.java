package dev.uptally.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.config.collector.NotificationsConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At-least-once across a crash: a dispatcher in a child JVM is killed with SIGKILL in the middle of delivering; a new
 * dispatcher on the same database delivers every event the receiver has not acknowledged yet, and nothing that was
 * recorded as delivered is sent again. Uses the real clock (the child is a separate process); waits are bounded.
 */
class WebhookKillTest {

  static final List<String> EVENTS = List.of("incident.opened", "violation.opened");
  private static final String SECRET = "kill-test-secret-0123456789";
  private static final int BEFORE = 40;
  private static final int DURING = 5;

  @TempDir
  Path dir;

  @Test
  void everyEventArrivesAcrossAKillAndRestartWithoutResendingDeliveredOnes() throws Exception {
    Outbox outbox = new Outbox(dir.resolve("uptally.db"));
    long now = System.currentTimeMillis();
    for (int i = 0; i < BEFORE; i++) {
      outbox.add(String.format("ev-%03d", i), EVENTS.get(i % 2), now, "{\"n\":" + i + "}");
    }
    try (Receiver receiver = new Receiver()) {
      receiver.delayEachAnswer(60);
      Process child = startChild(outbox.file(), receiver.url());
      try {
        awaitReceived(receiver, 12, child);
      } finally {
        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      receiver.delayEachAnswer(0);
      Set<String> deliveredBeforeKill = outbox.deliveries().stream().filter(r -> r.deliveredAt() != null)
          .map(Outbox.Row::eventId).collect(Collectors.toSet());
      assertThat(deliveredBeforeKill).as("the child recorded some deliveries before it died").isNotEmpty()
          .hasSizeLessThan(BEFORE);
      for (int i = BEFORE; i < BEFORE + DURING; i++) { // written by the contract engine while no dispatcher ran
        outbox.add(String.format("ev-%03d", i), EVENTS.get(0), now + 1, "{\"n\":" + i + "}");
      }
      int receivedBeforeRestart = receiver.received().size();
      try (WebhookDispatcher restarted = new WebhookDispatcher(new NotificationsConfig(List.of(
          new NotificationsConfig.Webhook("noc", receiver.url(), EVENTS, SECRET))), outbox.deliveryLog(), Clock.systemUTC(),
          WebhookDispatcher.Settings.DEFAULTS, new SplittableRandom(3))) {
        while (restarted.runOnce(System.currentTimeMillis()).attempted() > 0) {
          // until nothing is due
        }
      }
      List<Receiver.Received> all = receiver.received();
      Set<String> expected = new HashSet<>();
      for (int i = 0; i < BEFORE + DURING; i++) {
        expected.add(String.format("ev-%03d", i));
      }
      assertThat(all.stream().map(Receiver.Received::delivery).collect(Collectors.toSet())).isEqualTo(expected);
      assertThat(all).allSatisfy(r -> assertThat(WebhookSignature.verify(SECRET, r.body(), r.signature())).isTrue());
      List<String> afterRestart = new ArrayList<>();
      for (Receiver.Received r : all.subList(receivedBeforeRestart, all.size())) {
        afterRestart.add(r.delivery());
      }
      assertThat(afterRestart).as("recorded deliveries are not re-sent").doesNotContainAnyElementsOf(deliveredBeforeKill)
          .hasSize(BEFORE + DURING - deliveredBeforeKill.size());
      assertThat(outbox.deliveries()).hasSize(BEFORE + DURING).allSatisfy(r -> assertThat(r.deliveredAt()).isNotNull());
    }
  }

  private Process startChild(Path db, URI url) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("child.log");
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DispatcherChild.class.getName(),
        db.toString(), url.toString(), SECRET).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Bounded wait for real I/O from the child. */
  private void awaitReceived(Receiver receiver, int count, Process child) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (receiver.received().size() < count) {
      if (!child.isAlive()) {
        throw new AssertionError("child dispatcher exited with " + child.exitValue() + ":\n"
            + Files.readString(dir.resolve("child.log")));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("child delivered only " + receiver.received().size() + " events in 60 s:\n"
            + Files.readString(dir.resolve("child.log")));
      }
      Thread.sleep(10);
    }
  }
}
