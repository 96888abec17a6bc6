package dev.uptally.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.agent.identity.DeviceToken;
import dev.uptally.agent.testing.FakeCollector.Answer;
import dev.uptally.agent.testing.FakeCollector;
import dev.uptally.agent.testing.LogCapture;
import dev.uptally.agent.testing.ManualClock;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One client, several collector URLs: two real loopback servers and a closed port; the clock is a manual one. */
class CollectorFailoverTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String ACK = "{\"ackedSeq\":1,\"intervalSeconds\":30}";

  private final ManualClock clock = new ManualClock(1_764_000_000_000L);
  private final FakeCollector a = new FakeCollector();
  private final FakeCollector b = new FakeCollector();
  private final DeviceToken token = new DeviceToken("device-token-secret-1");
  private final LogCapture log = new LogCapture(CollectorUrls.class);

  @AfterEach
  void stop() {
    a.close();
    b.close();
    log.close();
  }

  private CollectorClient client(URI... urls) throws IOException {
    return new CollectorClient(List.of(urls), null, null, "test", clock);
  }

  private static HeartbeatBatch batch() {
    return new HeartbeatBatch("3f2c", 1_764_000_000_000L,
        List.of(Sample.heartbeat(1, 1_764_000_000_000L, 1_763_990_000_000L, null)), 0L);
  }

  @Test
  void aRefusedConnectionIsSentToTheNextUrlInTheSameRequestWhichThenStaysCurrent() throws Exception {
    URI closed = FakeCollector.closedPort();
    b.otherwise(r -> Answer.ok(ACK));
    CollectorClient client = client(closed, b.url());

    assertThat(client.sendHeartbeats(batch(), token, TIMEOUT)).isEqualTo(new HeartbeatAck(1, 30));
    assertThat(client.currentUrl()).isEqualTo(b.url());
    client.sendHeartbeats(batch(), token, TIMEOUT);
    assertThat(b.received()).hasSize(2);
    assertThat(log.visible()).containsExactly("collector " + closed + " unreachable (ConnectException: Connection refused);"
        + " trying " + b.url());
  }

  @Test
  void a503WithRetryAfterIsSentToTheNextUrlAtOnce() throws Exception {
    a.otherwise(r -> new Answer(503, "{\"error\":\"standby: another collector holds the lease\"}",
        Map.of("Retry-After", "120")));
    b.otherwise(r -> Answer.ok(ACK));
    CollectorClient client = client(a.url(), b.url());

    assertThat(client.sendHeartbeats(batch(), token, TIMEOUT)).isEqualTo(new HeartbeatAck(1, 30));
    assertThat(a.received()).hasSize(1);
    assertThat(b.received()).hasSize(1);
    assertThat(log.visible()).singleElement().asString()
        .contains("answered 503: standby: another collector holds the lease, Retry-After 120 s");
  }

  @Test
  void enrollmentMovesOnToo() throws Exception {
    b.otherwise(r -> Answer.ok("{\"deviceToken\":\"fresh\",\"clientId\":\"acme\",\"intervalSeconds\":30}"));
    CollectorClient client = client(FakeCollector.closedPort(), b.url());
    assertThat(client.enroll(new EnrollRequest("3f2c", "h", "laptop", "UTC", "1.0.0", null, Map.of()),
        "enroll-secret-0123456789", TIMEOUT).deviceToken()).isEqualTo("fresh");
    assertThat(b.received().get(0).path()).isEqualTo("/v1/enroll");
  }

  @Test
  void anAnswerOtherThan503StaysWithTheUrlThatGaveIt() throws Exception {
    a.enqueue(new Answer(429, "{\"error\":\"slow down\"}", Map.of("Retry-After", "7")))
        .enqueue(Answer.status(401, "{\"error\":\"unknown device token\"}"))
        .enqueue(Answer.status(500, "{\"error\":\"internal\"}"));
    b.otherwise(r -> Answer.ok(ACK));
    CollectorClient client = client(a.url(), b.url());

    assertThatThrownBy(() -> client.sendHeartbeats(batch(), token, TIMEOUT))
        .isInstanceOfSatisfying(CollectorException.class, e -> {
          assertThat(e.kind()).isEqualTo(CollectorException.Kind.RATE_LIMITED);
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        });
    assertThatThrownBy(() -> client.sendHeartbeats(batch(), token, TIMEOUT))
        .isInstanceOfSatisfying(CollectorException.class,
            e -> assertThat(e.kind()).isEqualTo(CollectorException.Kind.UNAUTHORIZED));
    assertThatThrownBy(() -> client.sendHeartbeats(batch(), token, TIMEOUT))
        .isInstanceOfSatisfying(CollectorException.class, e -> assertThat(e.status()).isEqualTo(500));
    assertThat(b.received()).isEmpty();
    assertThat(client.currentUrl()).isEqualTo(a.url());
  }

  @Test
  void whenNoUrlAnswersTheFailureNamesEachAndCarriesNoRetryAfterUnlessAllGaveOne() throws Exception {
    URI closed = FakeCollector.closedPort();
    a.otherwise(r -> new Answer(503, "{\"error\":\"storage unavailable\"}", Map.of("Retry-After", "10")));
    CollectorClient client = client(a.url(), closed);

    assertThatThrownBy(() -> client.sendHeartbeats(batch(), token, TIMEOUT))
        .isInstanceOfSatisfying(CollectorException.class, e -> {
          assertThat(e.getMessage()).startsWith("no collector URL answered: ")
              .contains(a.url() + "/v1/heartbeats answered 503: storage unavailable")
              .contains(closed + "/v1/heartbeats failed: ConnectException")
              .doesNotContain(token.value());
          assertThat(e.retryAfter()).as("the closed port asked for nothing: back off").isEmpty();
        });
    assertThat(client.currentUrl()).as("round-robin: the next attempt starts at the first again").isEqualTo(a.url());
  }

  @Test
  void whenEveryUrlAsksToWaitTheSoonestEndIsTheRetryAfter() throws Exception {
    a.otherwise(r -> new Answer(503, "{\"error\":\"standby\"}", Map.of("Retry-After", "90")));
    b.otherwise(r -> new Answer(503, "{\"error\":\"storage unavailable\"}", Map.of("Retry-After", "20")));
    CollectorClient client = client(a.url(), b.url());

    assertThatThrownBy(() -> client.sendHeartbeats(batch(), token, TIMEOUT))
        .isInstanceOfSatisfying(CollectorException.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(20));
        });
    clock.advance(Duration.ofSeconds(20));
    assertThatThrownBy(() -> client.sendHeartbeats(batch(), token, TIMEOUT))
        .as("only the URL whose Retry-After is over is asked")
        .hasMessageEndingWith("; " + a.url() + " not asked: its Retry-After ends in 70 s");
    assertThat(a.received()).hasSize(1);
    clock.advance(Duration.ofSeconds(20));
    b.otherwise(r -> Answer.ok(ACK));
    client.sendHeartbeats(batch(), token, TIMEOUT);
    assertThat(a.received()).as("still inside its 90 s: not asked again").hasSize(1);
    assertThat(b.received()).hasSize(3);
  }

  @Test
  void oneUrlFailsExactlyAsWithoutFailover() throws Exception {
    a.otherwise(r -> new Answer(503, "{\"error\":\"storage unavailable\"}", Map.of("Retry-After", "10")));
    CollectorClient client = new CollectorClient(a.url(), null, null, "test");
    assertThatThrownBy(() -> client.sendHeartbeats(batch(), token, TIMEOUT))
        .isInstanceOfSatisfying(CollectorException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("POST " + a.url() + "/v1/heartbeats answered 503: storage unavailable");
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(10));
        });
    assertThat(log.lines()).isEmpty();
  }

  @Test
  void anAbortedRequestIsNotSentToAnotherUrl() throws Exception {
    b.otherwise(r -> Answer.ok(ACK));
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CollectorClient client = client(URI.create("http://127.0.0.1:" + silent.getLocalPort()), b.url());
      CompletableFuture<Throwable> failure = new CompletableFuture<>();
      Thread sender = new Thread(() -> {
        try {
          client.sendHeartbeats(batch(), token, Duration.ofMinutes(10));
          failure.complete(null);
        } catch (CollectorException e) {
          failure.complete(e);
        }
      });
      sender.start();
      try (Socket accepted = silent.accept()) { // the request is on its way; this collector never answers
        accepted.getInputStream().read();
        client.abortInFlight();
        assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(CollectorException.class,
            e -> assertThat(e.kind()).isEqualTo(CollectorException.Kind.NETWORK));
      }
      assertThat(b.received()).as("an orderly stop does not start another request").isEmpty();
    }
  }
}
