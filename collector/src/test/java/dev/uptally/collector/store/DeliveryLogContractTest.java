package dev.uptally.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.incident.OutboxEvent;
import dev.uptally.collector.notify.Delivery;
import dev.uptally.collector.notify.DeliveryLog;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link DeliveryLog} shows over the outbox the contract store writes, run against each backend
 * by a subclass that says how to open its storage.
 */
abstract class DeliveryLogContractTest {

  private static final long T0 = StoreFixtures.T0;
  private static final List<String> OPENED = List.of("incident.opened");

  @TempDir
  Path dir;
  private JdbcStorage storage;
  private DeliveryLog log;

  protected abstract JdbcStorage newStorage(Path dir);

  @BeforeEach
  void open() {
    storage = newStorage(dir);
    log = storage.deliveries();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private void event(String id, String type, long at) {
    storage.contracts().write("event " + id, tx -> tx.appendEvent(new OutboxEvent(id, type, at, "{\"id\":\"" + id
        + "\"}")));
  }

  @Test
  void fanOutCreatesOneRowPerEventAndWebhookOfTheTypesNamedAndNeverTwice() {
    event("e1", "incident.opened", T0);
    event("e2", "incident.resolved", T0 + 1);
    event("e3", "incident.opened", T0 + 2);

    assertThat(log.fanOut("noc", OPENED, T0, T0 + 10)).isEqualTo(2);
    assertThat(log.fanOut("noc", OPENED, T0, T0 + 20)).as("again: nothing new").isZero();
    assertThat(log.fanOut("psa", List.of("incident.opened", "incident.resolved"), T0 + 1, T0 + 10)).isEqualTo(2);
    assertThat(log.fanOut("noc", List.of(), T0, T0 + 10)).isZero();
    assertThat(log.due(List.of("noc"), T0 + 10, 10)).extracting(Delivery::eventId).containsExactly("e1", "e3");
  }

  @Test
  void dueRowsComeOldestDueFirstUpToTheLimitWithTheirPayload() {
    event("e1", "incident.opened", T0);
    event("e2", "incident.opened", T0 + 1);
    event("e3", "incident.opened", T0 + 2);
    log.fanOut("noc", OPENED, T0, T0 + 10);

    List<Delivery> due = log.due(List.of("noc"), T0 + 10, 2);
    assertThat(due).extracting(Delivery::eventId).containsExactly("e1", "e2");
    assertThat(due.get(0)).isEqualTo(new Delivery("e1", "noc", 0, "incident.opened", T0, "{\"id\":\"e1\"}"));
    assertThat(log.due(List.of("noc"), T0 + 9, 10)).as("not due before it was fanned out").isEmpty();
    assertThat(log.due(List.of("other"), T0 + 10, 10)).as("a webhook no longer configured takes no place").isEmpty();
  }

  @Test
  void aDeliveredRowIsNotDueAgainAndAFailedOneIsDueAtItsNextAttemptOrNeverWhenGivenUp() {
    event("e1", "incident.opened", T0);
    event("e2", "incident.opened", T0 + 1);
    event("e3", "incident.opened", T0 + 2);
    log.fanOut("noc", OPENED, T0, T0 + 10);
    List<Delivery> due = log.due(List.of("noc"), T0 + 10, 10);

    log.delivered(due.get(0), T0 + 11);
    log.failed(due.get(1), T0 + 500, "HTTP 503");
    log.failed(due.get(2), null, "HTTP 410");

    assertThat(log.due(List.of("noc"), T0 + 499, 10)).isEmpty();
    assertThat(log.due(List.of("noc"), T0 + 500, 10)).singleElement()
        .satisfies(d -> assertThat(d.eventId()).isEqualTo("e2"))
        .satisfies(d -> assertThat(d.attempts()).isEqualTo(1));
    assertThat(log.due(List.of("noc"), Long.MAX_VALUE, 10)).extracting(Delivery::eventId).containsExactly("e2");
  }

  @Test
  void rowsSurviveAReopen() {
    event("e1", "incident.opened", T0);
    log.fanOut("noc", OPENED, T0, T0 + 10);
    storage.close();
    storage = newStorage(dir);
    log = storage.deliveries();
    assertThat(log.due(List.of("noc"), T0 + 10, 10)).extracting(Delivery::eventId).containsExactly("e1");
  }
}
