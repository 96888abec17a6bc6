package dev.uptally.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.audit.AuditAction;
import dev.uptally.collector.audit.AuditEntry;
import dev.uptally.collector.audit.AuditQuery;
import dev.uptally.collector.incident.Incident;
import dev.uptally.collector.incident.TrackedIncident;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM acknowledging incidents with SIGKILL and checks, after reopening its database, that an acknowledgement
 * and its audit row were kept together or lost together: every acknowledged incident has exactly one audit row, every
 * audit row has its acknowledged incident, and every acknowledgement the child saw committed is there.
 */
abstract class AuditCrashTest {

  private static final int ACKS_BEFORE_KILL = 400;

  @TempDir protected Path dir;

  @Test
  void aKillNineLosesAnAcknowledgementAndItsAuditRowTogetherOrNeither() throws Exception {
    Path stdout = dir.resolve("child-stdout.txt");
    Path stderr = dir.resolve("child-stderr.txt");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), AuditCrashWriterMain.class.getName()));
    command.addAll(storageArgs());
    // stdout goes to a file, not a pipe: after the kill the file still holds every line the child wrote
    Process child = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    try {
      awaitAcks(child, stdout, stderr);
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    Set<String> committed = acks(Files.readString(stdout));
    assertThat(committed).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

    try (JdbcStorage storage = openStorage()) {
      List<Incident> incidents = storage.contracts().incidents(null, null, Long.MIN_VALUE, Long.MAX_VALUE);
      assertThat(incidents).hasSize(AuditCrashWriterMain.INCIDENTS);
      Set<String> acknowledged = new HashSet<>();
      for (Incident i : incidents) {
        if (TrackedIncident.ACKNOWLEDGED.equals(i.state())) {
          acknowledged.add(i.id());
        }
      }
      Map<String, Integer> rows = new HashMap<>();
      for (AuditEntry e : storage.audit().entries(new AuditQuery(0, Long.MAX_VALUE, null,
          AuditCrashWriterMain.INCIDENTS + 1, 0))) {
        assertThat(e.action()).isEqualTo(AuditAction.INCIDENT_ACKNOWLEDGE);
        rows.merge(e.target(), 1, Integer::sum);
      }
      assertThat(acknowledged).as("acknowledgements the child saw committed").containsAll(committed);
      assertThat(rows.keySet()).as("incidents with an audit row are exactly the acknowledged ones")
          .isEqualTo(acknowledged);
      assertThat(rows.values()).as("one row each").containsOnly(1);
      assertThat(acknowledged.size()).as("the kill came before the child was done").isLessThan(
          AuditCrashWriterMain.INCIDENTS);
    }
  }

  /** The child's storage arguments (see {@link AuditCrashWriterMain}). */
  protected abstract List<String> storageArgs();

  /** The storage the child wrote, opened again after its death. */
  protected abstract JdbcStorage openStorage();

  /** Bounded wait for real I/O: polls the child's output until enough acknowledgements are there. */
  private static void awaitAcks(Process child, Path stdout, Path stderr) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (acks(Files.readString(stdout)).size() < ACKS_BEFORE_KILL) {
      if (!child.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("child wrote " + acks(Files.readString(stdout)).size() + " acknowledgements, alive="
            + child.isAlive() + "; stderr: " + Files.readString(stderr));
      }
      child.waitFor(20, TimeUnit.MILLISECONDS);
    }
  }

  /** Incidents whose acknowledgement the child printed on a complete line (the kill may cut the last one short). */
  private static Set<String> acks(String output) {
    Set<String> out = new HashSet<>();
    String complete = output.substring(0, output.lastIndexOf('\n') + 1);
    for (String line : complete.split("\n")) {
      if (line.startsWith("ack ")) {
        out.add(line.substring(4));
      }
    }
    return out;
  }
}
