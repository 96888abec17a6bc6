package dev.uptally.collector.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.config.collector.NotificationsConfig.Webhook;
import dev.uptally.config.collector.NotificationsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookDispatcherTest {

  private static final long T0 = Instant.parse("2026-11-03T06:00:00Z").toEpochMilli();
  private static final String SECRET = "s3cret-for-hmac-0123456789";
  private static final List<String> NOC_EVENTS = List.of("incident.opened", "incident.escalated", "violation.opened");
  private static final WebhookDispatcher.Settings SETTINGS = new WebhookDispatcher.Settings(Duration.ofSeconds(1),
      Duration.ofSeconds(2), Duration.ofSeconds(5), 50, Duration.ofDays(3), new Backoff(10_000, 3_600_000));

  @TempDir
  Path dir;
  private Receiver receiver;
  private Outbox outbox;

  @BeforeEach
  void setUp() {
    receiver = new Receiver();
    outbox = new Outbox(dir.resolve("uptally.db"));
  }

  @AfterEach
  void tearDown() {
    receiver.close();
  }

  private WebhookDispatcher dispatcher(Webhook... hooks) {
    return new WebhookDispatcher(new NotificationsConfig(List.of(hooks)), outbox.deliveryLog(),
        Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC), SETTINGS, new SplittableRandom(7));
  }

  private Webhook noc() {
    return new Webhook("noc", receiver.url(), NOC_EVENTS, SECRET);
  }

  private static String payload(String id) {
    return "{\"id\":\"" + id + "\",\"detail\":\"caf\u00e9 \u2013 srv-01 down\"}";
  }

  @Test
  void receiverGetsEverySubscribedEventOnceWithAVerifiableSignature() {
    outbox.add("ev-1", "incident.opened", T0 - 3000, payload("ev-1"));
    outbox.add("ev-2", "violation.opened", T0 - 2000, payload("ev-2"));
    outbox.add("ev-3", "incident.resolved", T0 - 1000, payload("ev-3"));
    try (WebhookDispatcher d = dispatcher(noc())) {
      WebhookDispatcher.Pass pass = d.runOnce(T0);
      assertThat(pass.delivered()).isEqualTo(2);
      assertThat(d.runOnce(T0 + 60_000).attempted()).isZero();
    }
    List<Receiver.Received> got = receiver.received();
    // deliveries of one pass run concurrently: no order is promised
    assertThat(got).extracting(Receiver.Received::delivery, Receiver.Received::event).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("ev-1", "incident.opened"),
        org.assertj.core.groups.Tuple.tuple("ev-2", "violation.opened"));
    for (Receiver.Received r : got) {
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(payload(r.delivery()));
      assertThat(r.contentType()).isEqualTo("application/json");
      assertThat(WebhookSignature.verify(SECRET, r.body(), r.signature())).isTrue();
      assertThat(WebhookSignature.verify("another-secret", r.body(), r.signature())).isFalse();
    }
    assertThat(outbox.deliveries()).allSatisfy(row -> {
      assertThat(row.deliveredAt()).isEqualTo(T0);
      assertThat(row.attempts()).isEqualTo(1);
      assertThat(row.nextAttemptAt()).isNull();
    });
  }

  @Test
  void signatureIsTheHexHmacSha256OfTheBody() {
    // RFC 4231 test case 2
    assertThat(WebhookSignature.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void webhookWithoutSecretSendsNoSignature() {
    outbox.add("ev-1", "incident.opened", T0, payload("ev-1"));
    try (WebhookDispatcher d = dispatcher(new Webhook("plain", receiver.url(), NOC_EVENTS, null))) {
      d.runOnce(T0);
    }
    assertThat(receiver.received()).singleElement().satisfies(r -> assertThat(r.signature()).isNull());
  }

  @Test
  void failingReceiverGetsEveryEventAfterItRecovers() {
    outbox.add("ev-1", "incident.opened", T0, payload("ev-1"));
    outbox.add("ev-2", "incident.escalated", T0, payload("ev-2"));
    receiver.answer(500);
    try (WebhookDispatcher d = dispatcher(noc())) {
      assertThat(d.runOnce(T0).failed()).isEqualTo(2);
      assertThat(outbox.deliveries()).allSatisfy(row -> {
        assertThat(row.deliveredAt()).isNull();
        assertThat(row.lastError()).isEqualTo("HTTP 500");
        assertThat(row.nextAttemptAt()).isBetween(T0 + 5_000, T0 + 10_000);
      });
      assertThat(d.runOnce(T0 + 4_999).attempted()).as("not due before half the first delay").isZero();
      long t = T0;
      for (int i = 0; i < 4; i++) { // 10 s, 20 s, 40 s, 80 s ceilings: four more failures
        t += 80_000;
        assertThat(d.runOnce(t).failed()).isEqualTo(2);
      }
      assertThat(outbox.deliveries()).allSatisfy(row -> assertThat(row.attempts()).isEqualTo(5));
      receiver.answer(200);
      assertThat(d.runOnce(t + 3_600_000).delivered()).isEqualTo(2);
    }
    assertThat(receiver.received()).hasSize(10 + 2);
    assertThat(outbox.deliveries()).allSatisfy(row -> {
      assertThat(row.deliveredAt()).isNotNull();
      assertThat(row.lastError()).isNull();
      assertThat(row.attempts()).isEqualTo(6);
    });
  }

  @Test
  void unreachableReceiverIsRetried() {
    outbox.add("ev-1", "incident.opened", T0, payload("ev-1"));
    Webhook gone = new Webhook("gone", java.net.URI.create("http://127.0.0.1:1/hook"), NOC_EVENTS, SECRET);
    try (WebhookDispatcher d = dispatcher(gone)) {
      assertThat(d.runOnce(T0).failed()).isEqualTo(1);
    }
    assertThat(outbox.deliveries()).singleElement().satisfies(row -> {
      assertThat(row.lastError()).contains("ConnectException");
      assertThat(row.nextAttemptAt()).isNotNull();
    });
  }

  @Test
  void newDispatcherOnTheSameDatabaseResumesPendingDeliveries() {
    outbox.add("ev-1", "incident.opened", T0, payload("ev-1"));
    receiver.answer(503);
    try (WebhookDispatcher first = dispatcher(noc())) {
      first.runOnce(T0);
    }
    outbox.add("ev-2", "violation.opened", T0 + 1_000, payload("ev-2")); // written while no dispatcher ran
    receiver.answer(200);
    try (WebhookDispatcher second = dispatcher(noc())) {
      assertThat(second.runOnce(T0 + 60_000).delivered()).isEqualTo(2);
    }
    assertThat(receiver.received()).extracting(Receiver.Received::delivery)
        .containsExactlyInAnyOrder("ev-1", "ev-1", "ev-2");
  }

  @Test
  void eachWebhookGetsOnlyItsEventTypes() {
    outbox.add("ev-1", "incident.opened", T0, payload("ev-1"));
    outbox.add("ev-2", "incident.resolved", T0, payload("ev-2"));
    try (Receiver other = new Receiver();
        WebhookDispatcher d = dispatcher(noc(), new Webhook("tickets", other.url(), List.of("incident.resolved"),
            "other-secret-0123456789"))) {
      assertThat(d.runOnce(T0).delivered()).isEqualTo(2);
      assertThat(other.received()).extracting(Receiver.Received::delivery).containsExactly("ev-2");
    }
    assertThat(receiver.received()).extracting(Receiver.Received::delivery).containsExactly("ev-1");
  }

  @Test
  void eventOlderThanTheMaximumAgeIsGivenUpWithItsLastError() {
    outbox.add("ev-1", "incident.opened", T0, payload("ev-1"));
    outbox.add("ev-old", "incident.opened", T0 - Duration.ofDays(4).toMillis(), payload("ev-old"));
    receiver.answer(500);
    try (WebhookDispatcher d = dispatcher(noc())) {
      d.runOnce(T0);
      long late = T0 + Duration.ofDays(3).toMillis() + 1;
      assertThat(d.runOnce(late).failed()).isEqualTo(1);
      assertThat(d.runOnce(late + Duration.ofDays(1).toMillis()).attempted()).isZero();
    }
    assertThat(outbox.deliveries()).singleElement().satisfies(row -> {
      assertThat(row.eventId()).isEqualTo("ev-1");
      assertThat(row.nextAttemptAt()).isNull();
      assertThat(row.deliveredAt()).isNull();
      assertThat(row.lastError()).isEqualTo("HTTP 500");
    });
  }

  @Test
  void pendingRowsOfARemovedWebhookDoNotStarveTheOthers() {
    for (int i = 0; i < 60; i++) {
      outbox.add(String.format("old-%02d", i), "incident.opened", T0, payload("old"));
    }
    try (WebhookDispatcher d = dispatcher(new Webhook("retired", java.net.URI.create("http://127.0.0.1:1/hook"),
        NOC_EVENTS, null))) {
      assertThat(d.runOnce(T0).failed()).isEqualTo(50);
    }
    outbox.add("ev-new", "incident.opened", T0 + 1, payload("ev-new"));
    try (WebhookDispatcher d = dispatcher(noc())) {
      WebhookDispatcher.Pass pass = d.runOnce(T0 + Duration.ofHours(2).toMillis());
      assertThat(pass.attempted()).as("the 61 noc rows fill one batch of 50").isEqualTo(50);
      assertThat(pass.delivered()).isEqualTo(50);
    }
    assertThat(outbox.deliveries()).filteredOn(r -> r.webhook().equals("retired"))
        .allSatisfy(r -> assertThat(r.deliveredAt()).isNull());
  }

  @Test
  void backoffDoublesWithJitterUpToTheCap() {
    Backoff b = new Backoff(10_000, 3_600_000);
    SplittableRandom random = new SplittableRandom(1);
    assertThat(b.ceilingMillis(1)).isEqualTo(10_000);
    assertThat(b.ceilingMillis(2)).isEqualTo(20_000);
    assertThat(b.ceilingMillis(9)).isEqualTo(2_560_000);
    assertThat(b.ceilingMillis(10)).isEqualTo(3_600_000);
    assertThat(b.ceilingMillis(500)).isEqualTo(3_600_000);
    for (int attempts = 1; attempts < 70; attempts++) {
      long ceiling = b.ceilingMillis(attempts);
      for (int i = 0; i < 20; i++) {
        assertThat(b.delayMillis(attempts, random)).isBetween(ceiling / 2, ceiling);
      }
    }
  }
}
