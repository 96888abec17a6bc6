package dev.uptally.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.audit.AuditAction;
import dev.uptally.collector.audit.AuditEntry;
import dev.uptally.collector.audit.AuditQuery;
import dev.uptally.collector.audit.AuditStore;
import dev.uptally.collector.fleet.DeviceUpdate;
import dev.uptally.collector.incident.Incident;
import dev.uptally.collector.incident.TrackedIncident;
import dev.uptally.collector.lifecycle.Correction;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link AuditStore} must do, run against each backend: rows read newest first within a window, filtered by
 * action and paged, kept through a reopen and pruned by age; and the rows of actions, inserted by the incident, device
 * and lifecycle stores inside the action's own transaction, committed with it or not at all.
 */
abstract class AuditStoreContractTest {

  private static final long T0 = StoreFixtures.T0;
  private static final long ALL_FROM = 0;
  private static final long ALL_TO = Long.MAX_VALUE;

  @TempDir
  Path dir;
  private JdbcStorage storage;
  private AuditStore audit;

  protected abstract JdbcStorage newStorage(Path dir);

  @BeforeEach
  void open() {
    storage = newStorage(dir);
    audit = storage.audit();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private void reopen() {
    storage.close();
    open();
  }

  private static AuditEntry entry(long at, AuditAction action, String target) {
    return AuditEntry.of(at, "noc", "10.0.0.7", action, target, "detail of " + target);
  }

  private List<AuditEntry> all() {
    return audit.entries(new AuditQuery(ALL_FROM, ALL_TO, null, 5000, 0));
  }

  @Test
  void entriesAreReadNewestFirstWithinTheirWindowAndKeptThroughAReopen() {
    audit.append(List.of(entry(T0, AuditAction.INCIDENT_ACKNOWLEDGE, "i1"),
        entry(T0 + 2, AuditAction.DEVICE_RETIRE, "d1")));
    audit.append(List.of(entry(T0 + 1, AuditAction.TOKEN_REFUSED, "GET /api/v1/devices")));
    audit.append(List.of(AuditEntry.of(T0 + 2, null, null, AuditAction.REFUSALS_SUMMARISED, null, null)));
    reopen();

    List<AuditEntry> rows = all();
    assertThat(rows).extracting(AuditEntry::target).containsExactly(null, "d1", "GET /api/v1/devices", "i1");
    assertThat(rows.get(3)).isEqualTo(entry(T0, AuditAction.INCIDENT_ACKNOWLEDGE, "i1").withId(rows.get(3).id()));
    assertThat(rows.get(0).tokenName()).isNull();
    assertThat(rows.get(0).id()).as("same time: the later row first").isGreaterThan(rows.get(1).id());
    assertThat(audit.entries(new AuditQuery(T0 + 1, T0 + 2, null, 10, 0))).extracting(AuditEntry::target)
        .containsExactly("GET /api/v1/devices");
  }

  @Test
  void anActionFilterAndAPageSelectRowsAndTheCountIsOfAllPages() {
    for (int i = 0; i < 7; i++) {
      audit.append(List.of(entry(T0 + i, i % 2 == 0 ? AuditAction.INCIDENT_RESOLVE : AuditAction.FORBIDDEN,
          "t" + i)));
    }
    AuditQuery resolves = new AuditQuery(ALL_FROM, ALL_TO, AuditAction.INCIDENT_RESOLVE, 2, 1);
    assertThat(audit.entries(resolves)).extracting(AuditEntry::target).containsExactly("t4", "t2");
    assertThat(audit.count(resolves)).isEqualTo(4);
    assertThat(audit.count(new AuditQuery(T0 + 1, T0 + 3, null, 1, 0))).isEqualTo(2);
  }

  @Test
  void pruningDeletesOnlyRowsOlderThanItsTimeAndIdsKeepAscending() {
    audit.append(List.of(entry(T0, AuditAction.DEVICE_RELEASE, "old"), entry(T0 + 10, AuditAction.DEVICE_RELEASE,
        "new")));
    long newest = all().get(0).id();
    assertThat(audit.pruneBefore(T0 + 10)).isEqualTo(1);
    assertThat(all()).extracting(AuditEntry::target).containsExactly("new");
    audit.pruneBefore(T0 + 11);
    audit.append(List.of(entry(T0 + 20, AuditAction.DEVICE_RELEASE, "after")));
    assertThat(all().get(0).id()).isGreaterThan(newest);
  }

  @Test
  void anAcknowledgementAndItsAuditRowCommitTogetherOrNotAtAll() {
    AuditEntry ack = entry(T0 + 5, AuditAction.INCIDENT_ACKNOWLEDGE, "i1");
    assertThatThrownBy(() -> storage.contracts().write("ack i1", tx -> {
      tx.saveIncident(incident("i1", TrackedIncident.ACKNOWLEDGED));
      tx.appendAudit(ack);
      throw new IllegalStateException("injected between the writes and the commit");
    })).hasMessageContaining("injected");
    assertThat(storage.contracts().incident("i1")).isEmpty();
    assertThat(all()).isEmpty();

    storage.contracts().write("ack i1", tx -> {
      tx.saveIncident(incident("i1", TrackedIncident.ACKNOWLEDGED));
      tx.appendAudit(ack);
    });
    reopen();
    assertThat(storage.contracts().incident("i1")).isPresent();
    assertThat(all()).extracting(AuditEntry::target).containsExactly("i1");
  }

  @Test
  void aRetirementAndItsAuditRowCommitTogetherOrNotAtAll() {
    storage.devices().saveIdentity(StoreFixtures.identity("d1", "h1"));
    DeviceUpdate retire = new DeviceUpdate("d1", StoreFixtures.progress(3), null, null, List.of(), List.of(), T0,
        List.of(), List.of(entry(T0, AuditAction.DEVICE_RETIRE, "d1")));
    assertThatThrownBy(() -> storage.devices().commit(List.of(retire, StoreFixtures.progressOnly("not-enrolled", 1))))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> storage.database().write("retire, then fail", c -> {
      storage.devices().commit(List.of(retire));
      throw new IllegalStateException("injected between the writes and the commit");
    })).hasMessageContaining("injected");
    assertThat(all()).isEmpty();
    assertThat(storage.devices().loadDevices().get(0).progress().retired()).isFalse();

    storage.devices().commit(List.of(retire));
    reopen();
    assertThat(all()).extracting(AuditEntry::action).containsExactly(AuditAction.DEVICE_RETIRE);
    assertThat(storage.devices().loadDevices().get(0).progress().retired()).isTrue();
  }

  @Test
  void aCorrectionAndItsAuditRowCommitTogetherOrNotAtAll() {
    storage.devices().saveIdentity(StoreFixtures.identity("d1", "h1"));
    Correction correction = new Correction("c1", "d1", true, null, "noc", T0);
    AuditEntry row = entry(T0, AuditAction.HARDWARE_CHANGE_CORRECT, "d1/c1");
    assertThatThrownBy(() -> storage.database().write("correct, then fail", c -> {
      storage.lifecycle().saveCorrection(correction, row);
      throw new IllegalStateException("injected between the writes and the commit");
    })).hasMessageContaining("injected");
    assertThat(storage.lifecycle().corrections(null)).isEmpty();
    assertThat(all()).isEmpty();

    storage.lifecycle().saveCorrection(correction, row);
    reopen();
    assertThat(storage.lifecycle().corrections(null)).containsOnlyKeys("c1");
    assertThat(all()).extracting(AuditEntry::target).containsExactly("d1/c1");
  }

  /** An incident of its own device (one unresolved incident per device and rule). */
  static TrackedIncident incident(String id, String state) {
    Instant opened = Instant.ofEpochMilli(T0);
    boolean acked = !TrackedIncident.OPEN.equals(state);
    return new TrackedIncident(new Incident(id, "acme", "dev-" + id, "deviceDown", "P1", state, opened,
        opened.plusSeconds(900), opened.plusSeconds(4 * 3600), acked ? opened.plusSeconds(5) : null,
        acked ? "noc" : null, null, null, null, false, "silent", null, null), T0 + 675_000, false, false);
  }
}
