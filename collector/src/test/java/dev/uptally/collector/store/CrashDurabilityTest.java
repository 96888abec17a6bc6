package dev.uptally.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.fleet.StoredDevice;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing JVM with SIGKILL mid-stream and checks that every update it acknowledged is in the
 * database afterwards. (A process kill keeps the OS page cache; power loss is what synchronous=FULL is
 * for, and no test on one machine can cut the power.)
 */
abstract class CrashDurabilityTest {

  private static final int DEVICES = 6;
  private static final int ACKS_BEFORE_KILL = 1500;
  private static final Pattern ACK = Pattern.compile("ack (\\S+) (\\d+)");

  @TempDir protected Path dir;

  @Test
  void everyAcknowledgedUpdateSurvivesAKillNine() throws Exception {
    Path stdout = dir.resolve("child-stdout.txt");
    Path stderr = dir.resolve("child-stderr.txt");
    // stdout goes to a file, not a pipe: after the kill the file still holds every ack the child wrote
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), CrashWriterMain.class.getName()));
    command.addAll(storageArgs());
    command.add(String.valueOf(DEVICES));
    Process child = new ProcessBuilder(command)
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
    try {
      awaitAcks(child, stdout, stderr);
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    Map<String, Long> lastAcked = lastAcked(Files.readString(stdout));
    assertThat(lastAcked.values().stream().mapToLong(seq -> seq + 1).sum()).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

    try (JdbcStorage store = openStorage()) {
      Map<String, StoredDevice> devices = new HashMap<>();
      store.devices().loadDevices().forEach(d -> devices.put(d.identity().deviceId(), d));
      assertThat(devices).hasSize(DEVICES);
      lastAcked.forEach((deviceId, seq) -> {
        assertThat(devices.get(deviceId).progress().lastSeq()).as("progress of %s", deviceId).isGreaterThanOrEqualTo(seq);
        List<TimelineInterval> intervals = store.devices().intervals(deviceId, 0, CrashWriterMain.intervalOf(seq).endMillis());
        assertThat(intervals).as("intervals of %s up to acked seq %d", deviceId, seq).hasSize((int) (seq + 1));
        for (long s = 0; s <= seq; s++) {
          assertThat(intervals.get((int) s)).isEqualTo(CrashWriterMain.intervalOf(s));
        }
      });
    }
  }

  /** The child's storage arguments (see {@link CrashWriterMain}). */
  protected abstract List<String> storageArgs();

  /** The storage the child wrote, opened again after its death. */
  protected abstract JdbcStorage openStorage();

  /** Bounded wait for real I/O: polls the child's output until enough acks are there. */
  private static void awaitAcks(Process child, Path stdout, Path stderr) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (countAcks(Files.readString(stdout)) < ACKS_BEFORE_KILL) {
      if (!child.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("child wrote " + countAcks(Files.readString(stdout)) + " acks, alive="
            + child.isAlive() + "; stderr: " + Files.readString(stderr));
      }
      child.waitFor(20, TimeUnit.MILLISECONDS);
    }
  }

  private static int countAcks(String output) {
    return (int) completeLines(output).stream().filter(line -> ACK.matcher(line).matches()).count();
  }

  /** Lines ended by a newline; the kill may cut the last one short. */
  private static List<String> completeLines(String output) {
    String complete = output.substring(0, output.lastIndexOf('\n') + 1);
    return complete.isEmpty() ? List.of() : List.of(complete.split("\n"));
  }

  /** Highest acknowledged seq per device. */
  private static Map<String, Long> lastAcked(String output) {
    Map<String, Long> result = new HashMap<>();
    for (String line : completeLines(output)) {
      Matcher m = ACK.matcher(line);
      if (m.matches()) {
        result.merge(m.group(1), Long.parseLong(m.group(2)), Math::max);
      }
    }
    return result;
  }
}
