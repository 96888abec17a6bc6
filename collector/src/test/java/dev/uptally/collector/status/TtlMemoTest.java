package dev.uptally.collector.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.it.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TtlMemoTest {

  private static final Duration TTL = Duration.ofSeconds(60);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T15:00:00Z"));
  private final ExecutorService work = Executors.newSingleThreadExecutor();
  private final AtomicInteger computations = new AtomicInteger();

  @AfterEach
  void stop() {
    work.shutdownNow();
  }

  @Test
  void aHundredConcurrentRequestsShareOneComputation() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    TtlMemo<Integer> memo = new TtlMemo<>(() -> {
      await(release);
      return computations.incrementAndGet();
    }, clock, TTL, work);
    int callers = 100;
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch called = new CountDownLatch(callers);
    List<CompletableFuture<TtlMemo.Computed<Integer>>> answers = java.util.Collections.synchronizedList(
        new ArrayList<>());
    ExecutorService requests = Executors.newFixedThreadPool(callers);
    try {
      for (int i = 0; i < callers; i++) {
        requests.execute(() -> {
          await(start);
          answers.add(memo.get());
          called.countDown();
        });
      }
      start.countDown();
      assertThat(called.await(10, TimeUnit.SECONDS)).as("every caller got its answer's future").isTrue();
      // every caller asked while the one computation was still running
      assertThat(answers).allSatisfy(a -> assertThat(a).isNotDone());
      release.countDown();
      assertThat(answers).hasSize(callers).allSatisfy(a -> assertThat(a.get(10, TimeUnit.SECONDS).value()).isEqualTo(1));
    } finally {
      requests.shutdownNow();
    }
    assertThat(computations).hasValue(1);
  }

  @Test
  void aValueIsServedForItsTimeToLiveThenComputedAgainOnTheNextRequest() {
    TtlMemo<Integer> memo = new TtlMemo<>(computations::incrementAndGet, clock, TTL, work);
    TtlMemo.Computed<Integer> first = memo.get().join();
    assertThat(first.value()).isEqualTo(1);
    assertThat(first.computedAt()).isEqualTo(clock.instant());
    clock.advanceMillis(TTL.toMillis() - 1);
    assertThat(memo.get().join()).isSameAs(first);
    assertThat(computations).hasValue(1);
    clock.advanceMillis(1);
    TtlMemo.Computed<Integer> second = memo.get().join();
    assertThat(second.value()).isEqualTo(2);
    assertThat(second.computedAt()).isEqualTo(clock.instant());
    assertThat(memo.get().join()).isSameAs(second);
    assertThat(computations).hasValue(2);
  }

  @Test
  void nothingIsComputedUntilSomebodyAsks() {
    new TtlMemo<>(computations::incrementAndGet, clock, TTL, work);
    clock.advanceMillis(10 * TTL.toMillis());
    assertThat(computations).hasValue(0);
  }

  @Test
  void aFailedComputationIsNotKept() {
    TtlMemo<Integer> memo = new TtlMemo<>(() -> {
      if (computations.incrementAndGet() == 1) {
        throw new IllegalStateException("storage unavailable");
      }
      return computations.get();
    }, clock, TTL, work);
    assertThatThrownBy(() -> memo.get().join()).isInstanceOf(CompletionException.class)
        .hasRootCauseMessage("storage unavailable");
    assertThat(memo.get().join().value()).isEqualTo(2);
  }

  @Test
  void anExecutorThatRefusesLeavesNothingBehind() {
    ExecutorService stopped = Executors.newSingleThreadExecutor();
    stopped.shutdown();
    TtlMemo<Integer> refused = new TtlMemo<>(computations::incrementAndGet, clock, TTL, stopped);
    assertThatThrownBy(refused::get).isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(refused::get).as("tried again, not a stuck future").isInstanceOf(RejectedExecutionException.class);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
