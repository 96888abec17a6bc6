package dev.uptally.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.fleet.DeviceHistory;
import dev.uptally.collector.fleet.DeviceStore;
import dev.uptally.collector.fleet.DeviceUpdate;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.fleet.TimelineState;
import dev.uptally.collector.incident.ContractStore;
import dev.uptally.collector.incident.Incident;
import dev.uptally.collector.incident.JudgedRange;
import dev.uptally.collector.incident.OutboxEvent;
import dev.uptally.collector.incident.TrackedIncident;
import dev.uptally.collector.incident.TrackedViolation;
import dev.uptally.collector.incident.Violation;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.common.device.OutageCause;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link ContractStore} shows (with the device store's history beside it), run against each
 * backend by a subclass that says how to open its storage.
 */
abstract class ContractStoreContractTest {

  private static final long T0 = StoreFixtures.T0;
  private static final long H = 3_600_000;

  @TempDir
  Path dir;
  private JdbcStorage storage;
  private DeviceStore store;
  private ContractStore contracts;

  /** Opens the storage kept in {@code dir} (or the test's database), creating it when empty. */
  protected abstract JdbcStorage newStorage(Path dir);

  @BeforeEach
  void open() {
    storage = newStorage(dir);
    store = storage.devices();
    contracts = storage.contracts();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private static TrackedIncident incident(String id, String device, String state) {
    Instant opened = Instant.ofEpochMilli(T0);
    return new TrackedIncident(new Incident(id, "acme", device, "deviceDown", "P1", state, opened,
        opened.plusSeconds(900), opened.plusSeconds(4 * 3600), null, null,
        TrackedIncident.RESOLVED.equals(state) ? opened.plusSeconds(60) : null, null,
        TrackedIncident.RESOLVED.equals(state) ? "auto" : null, false, "silent", null, null), T0 + 675_000, false,
        false);
  }

  private static TrackedViolation violation(String id, String client, String party, long startMillis, long endMillis) {
    return new TrackedViolation(new Violation(id, "patch-window-missed", party, client, "dev-" + id,
        Instant.ofEpochMilli(startMillis), Instant.ofEpochMilli(endMillis), "shutdown", "up 0 s"), null, startMillis,
        false);
  }

  @Test
  void aFailedTransactionLeavesNeitherTheChangeNorItsEvent() {
    assertThatThrownBy(() -> contracts.write("test", tx -> {
      tx.saveIncident(incident("i1", "d1", TrackedIncident.OPEN));
      tx.appendEvent(new OutboxEvent("e1", "incident.opened", T0, "{}"));
      throw new IllegalStateException("boom after the event");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(contracts.unresolvedIncidents()).isEmpty();
    assertThat(contracts.outbox()).isEmpty();

    contracts.write("test", tx -> {
      tx.saveIncident(incident("i1", "d1", TrackedIncident.OPEN));
      tx.appendEvent(new OutboxEvent("e1", "incident.opened", T0, "{\"id\":\"e1\"}"));
    });
    assertThat(contracts.unresolvedIncidents()).extracting(TrackedIncident::id).containsExactly("i1");
    assertThat(contracts.outbox()).extracting(OutboxEvent::payload).containsExactly("{\"id\":\"e1\"}");
  }

  @Test
  void aDeviceHasAtMostOneUnresolvedIncidentPerRule() {
    contracts.write("first", tx -> tx.saveIncident(incident("i1", "d1", TrackedIncident.OPEN)));
    assertThatThrownBy(() -> contracts.write("second", tx -> tx.saveIncident(incident("i2", "d1",
        TrackedIncident.ACKNOWLEDGED)))).isInstanceOf(StoreException.class).hasMessageContaining("i2");

    contracts.write("resolve", tx -> tx.saveIncident(incident("i1", "d1", TrackedIncident.RESOLVED)));
    contracts.write("second", tx -> tx.saveIncident(incident("i2", "d1", TrackedIncident.OPEN)));
    assertThat(contracts.unresolvedIncidents()).extracting(TrackedIncident::id).containsExactly("i2");
    assertThat(contracts.incidents(null, "acme", Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(2);
    assertThat(contracts.incident("i1")).get().extracting(t -> t.incident().resolution()).isEqualTo("auto");
  }

  @Test
  void violationsFilterByClientPartyAndOverlapAndHideWithdrawnOnes() {
    contracts.write("violations", tx -> {
      assertThat(tx.insertViolation(violation("a", "acme", "customer", T0, T0 + 3 * H), T0)).isTrue();
      assertThat(tx.insertViolation(violation("b", "acme", "msp", T0 + 10 * H, T0 + 11 * H), T0)).isTrue();
      assertThat(tx.insertViolation(violation("c", "globex", "customer", T0, T0 + 3 * H), T0)).isTrue();
      // the same window of the same device again is ignored
      TrackedViolation again = violation("a", "acme", "customer", T0, T0 + 3 * H);
      assertThat(tx.insertViolation(new TrackedViolation(new Violation("a2", again.violation().type(), "customer",
          "acme", "dev-a", again.violation().start(), again.violation().end(), "silent", null), null, T0, false), T0))
          .isFalse();
    });

    assertThat(contracts.violations("acme", null, T0, T0 + 24 * H)).extracting(Violation::id)
        .containsExactly("a", "b");
    assertThat(contracts.violations(null, "customer", T0, T0 + 24 * H)).extracting(Violation::id)
        .containsExactlyInAnyOrder("a", "c");
    assertThat(contracts.violations(null, null, T0 + 3 * H, T0 + 10 * H)).isEmpty();
    assertThat(contracts.verdicts("dev-a", List.of("patch-window-missed"), T0, T0 + 3 * H))
        .extracting(TrackedViolation::id).containsExactly("a");
    assertThat(contracts.verdicts("dev-a", List.of("patch-window-missed"), T0 + 3 * H, T0 + 4 * H))
        .as("a verdict belongs to the range its window ends in").isEmpty();

    TrackedViolation withdrawn = new TrackedViolation(violation("a", "acme", "customer", T0, T0 + 3 * H).violation(),
        null, T0 + 4 * H, true);
    contracts.write("withdraw", tx -> tx.updateViolation(withdrawn, T0 + 5 * H));
    assertThat(contracts.violations("acme", null, T0, T0 + 24 * H)).extracting(Violation::id).containsExactly("b");
    assertThat(contracts.violation("a")).get().extracting(TrackedViolation::withdrawn).isEqualTo(true);
    assertThat(contracts.verdicts("dev-a", List.of("patch-window-missed", "availability-below-target"), T0,
        T0 + 3 * H)).as("withdrawn verdicts are listed, to be reinstated").extracting(TrackedViolation::withdrawn)
        .containsExactly(true);
  }

  @Test
  void judgedRangesAreKeptPerDeviceAndForgottenPerClient() {
    contracts.write("ranges", tx -> {
      tx.saveJudgedRange(new JudgedRange("d1", "acme", T0, T0 + H));
      tx.saveJudgedRange(new JudgedRange("d2", "globex", T0, T0));
      tx.saveJudgedRange(new JudgedRange("d1", "acme", T0 + H, T0 + 2 * H));
    });
    assertThat(contracts.judgedRanges()).containsExactlyInAnyOrder(new JudgedRange("d1", "acme", T0 + H, T0 + 2 * H),
        new JudgedRange("d2", "globex", T0, T0));

    contracts.write("acme's rules changed", tx -> tx.forgetJudgedRanges("acme"));
    assertThat(contracts.judgedRanges()).containsExactly(new JudgedRange("d2", "globex", T0, T0));
  }

  @Test
  void historyReadsDurableProgressWithTheIntervalsOfTheRange() {
    store.saveIdentity(StoreFixtures.identity("d1", "00"));
    TimelineInterval crash = new TimelineInterval(T0 + H, T0 + 2 * H, TimelineState.DOWN, OutageCause.CRASH);
    TimelineInterval later = new TimelineInterval(T0 + 5 * H, T0 + 6 * H, TimelineState.ASLEEP, null);
    store.commit(List.of(new DeviceUpdate("d1", StoreFixtures.progress(7), null, null, List.of(crash, later),
        List.of(), T0)));

    DeviceHistory h = store.history("d1", T0, T0 + 3 * H);
    assertThat(h.progress()).isEqualTo(StoreFixtures.progress(7));
    assertThat(h.intervals()).containsExactly(crash);
    assertThat(store.history("unknown", T0, T0 + H).progress().hasSamples()).isFalse();
  }

  @Test
  void stateValuesAreKeptByKey() {
    assertThat(contracts.state("k")).isEmpty();
    contracts.write("state", tx -> tx.setState("k", 42));
    contracts.write("state", tx -> tx.setState("k", 43));
    assertThat(contracts.state("k")).hasValue(43);
  }
}
