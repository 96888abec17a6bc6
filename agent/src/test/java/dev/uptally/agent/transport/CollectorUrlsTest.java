package dev.uptally.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.agent.testing.LogCapture;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which URL a request goes to, on a clock that moves only when the test says so. */
class CollectorUrlsTest {

  private static final URI A = URI.create("https://a.example:8420");
  private static final URI B = URI.create("https://b.example:8420");
  private static final URI C = URI.create("https://c.example:8420");

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final CollectorUrls urls = new CollectorUrls(List.of(A, B, C), nanos::get);
  private final LogCapture log = new LogCapture(CollectorUrls.class);

  @AfterEach
  void detach() {
    log.close();
  }

  private static CollectorException refused(URI url) {
    return new CollectorException(CollectorException.Kind.NETWORK, 0, null, "POST " + url + "/v1/heartbeats failed",
        new ConnectException("Connection refused"));
  }

  private static CollectorException unavailable(Duration retryAfter) {
    return new CollectorException(CollectorException.Kind.UNAVAILABLE, 503, retryAfter, "storage unavailable",
        "POST …/v1/heartbeats answered 503: storage unavailable", null);
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void theFirstUrlIsTriedFirstThenTheOthersInOrder() {
    assertThat(urls.current()).isEqualTo(A);
    assertThat(urls.attemptOrder()).containsExactly(0, 1, 2);
  }

  @Test
  void aFailureMakesTheNextUrlCurrentAndAnAnswerKeepsIt() {
    urls.failed(0, refused(A), 1);
    urls.answered(1);
    assertThat(urls.current()).isEqualTo(B);
    assertThat(urls.attemptOrder()).containsExactly(1, 2, 0);
    urls.answered(1);
    assertThat(urls.current()).as("sticks to the URL that works, never back to the first by itself").isEqualTo(B);
  }

  @Test
  void afterTheLastUrlComesTheFirstAgain() {
    urls.answered(2);
    urls.failed(2, refused(C), 0);
    assertThat(urls.current()).isEqualTo(A);
    assertThat(urls.attemptOrder()).containsExactly(0, 1, 2);
  }

  @Test
  void aUrlSittingOutItsRetryAfterIsLeftOutUntilItEnds() {
    urls.failed(0, unavailable(Duration.ofSeconds(120)), 1);
    urls.answered(1);
    urls.failed(1, refused(B), 2);
    assertThat(urls.attemptOrder()).containsExactly(2, 1);
    advance(Duration.ofSeconds(119));
    assertThat(urls.attemptOrder()).containsExactly(2, 1);
    advance(Duration.ofSeconds(1));
    assertThat(urls.attemptOrder()).containsExactly(2, 0, 1);
  }

  @Test
  void whenEveryUrlSitsOutEveryUrlIsTriedAnyway() {
    urls.failed(0, unavailable(Duration.ofSeconds(30)), 1);
    urls.failed(1, unavailable(Duration.ofSeconds(60)), 2);
    urls.failed(2, unavailable(Duration.ofSeconds(90)), -1);
    assertThat(urls.attemptOrder()).containsExactly(0, 1, 2);
  }

  @Test
  void theRetryAfterOfAllIsTheSoonestEndOnlyWhenEveryUrlAskedForOne() {
    urls.failed(0, unavailable(Duration.ofSeconds(90)), 1);
    urls.failed(1, unavailable(Duration.ofSeconds(30)), 2);
    urls.failed(2, refused(C), -1);
    assertThat(urls.retryAfterOfAll()).as("C has none: back off as for one URL").isEmpty();

    urls.failed(2, unavailable(Duration.ofSeconds(60)), -1);
    advance(Duration.ofSeconds(10));
    assertThat(urls.retryAfterOfAll()).contains(Duration.ofSeconds(20));
  }

  @Test
  void aRetryAfterOfAYearSitsOutFiveMinutesAtMost() {
    urls.failed(0, unavailable(Duration.ofDays(365)), 1);
    advance(CollectorUrls.MAX_SIT_OUT);
    assertThat(urls.attemptOrder()).contains(0);
  }

  @Test
  void anAnswerEndsASitOut() {
    urls.failed(0, unavailable(Duration.ofSeconds(120)), 1);
    urls.answered(0);
    assertThat(urls.attemptOrder()).containsExactly(0, 1, 2);
  }

  @Test
  void onlyAConnectionFailureOrA503MovesOn() {
    assertThat(CollectorUrls.movesOn(refused(A))).isTrue();
    assertThat(CollectorUrls.movesOn(unavailable(null))).isTrue();
    assertThat(CollectorUrls.movesOn(new CollectorException(CollectorException.Kind.UNAVAILABLE, 500, null, "500", null)))
        .isFalse();
    assertThat(CollectorUrls.movesOn(new CollectorException(CollectorException.Kind.RATE_LIMITED, 429,
        Duration.ofSeconds(5), "429", null))).isFalse();
    assertThat(CollectorUrls.movesOn(new CollectorException(CollectorException.Kind.UNAUTHORIZED, 401, null, "401", null)))
        .isFalse();
    assertThat(CollectorUrls.movesOn(new CollectorException(CollectorException.Kind.REJECTED, 400, null, "400", null)))
        .isFalse();
  }

  @Test
  void aSwitchIsLoggedOnceWithBothUrlsAndWhy() {
    urls.failed(0, refused(A), 1);
    urls.answered(1);
    urls.answered(1);
    urls.failed(1, unavailable(Duration.ofSeconds(30)), 2);
    assertThat(log.visible()).containsExactly(
        "collector https://a.example:8420 unreachable (ConnectException: Connection refused); trying https://b.example:8420",
        "collector https://b.example:8420 unreachable (answered 503: storage unavailable, Retry-After 30 s); trying "
            + "https://c.example:8420");
  }

  @Test
  void whileNoUrlAnswersFurtherSwitchesAreNotLoggedAtEachRetry() {
    for (int round = 0; round < 5; round++) {
      urls.failed(0, refused(A), 1);
      urls.failed(1, refused(B), 2);
      urls.failed(2, refused(C), -1);
    }
    assertThat(log.visible()).as("the first round only; the heartbeat loop warns once about the outage").hasSize(2);
    assertThat(log.lines()).filteredOn(l -> l.level() == Level.FINE).hasSize(13);

    urls.answered(0);
    urls.failed(0, refused(A), 1);
    assertThat(log.visible()).as("after an answer a switch is news again").hasSize(3);
  }

  @Test
  void oneUrlHasNothingToSwitchToAndLogsNothing() {
    CollectorUrls one = new CollectorUrls(List.of(A), nanos::get);
    one.failed(0, unavailable(Duration.ofSeconds(30)), -1);
    assertThat(one.current()).isEqualTo(A);
    assertThat(one.attemptOrder()).as("a single URL is always tried").containsExactly(0);
    assertThat(one.retryAfterOfAll()).contains(Duration.ofSeconds(30));
    assertThat(log.lines()).isEmpty();
  }
}
