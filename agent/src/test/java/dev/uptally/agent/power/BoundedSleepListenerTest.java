package dev.uptally.agent.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BoundedSleepListenerTest {

  private final List<String> calls = new CopyOnWriteArrayList<>();

  @Test
  void aListenerThatHangsHoldsTheOsBackNoLongerThanTheBudget() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (BoundedSleepListener bounded = new BoundedSleepListener(new SleepListener() {
      @Override
      public void aboutToSleep(Duration budget) {
        calls.add("aboutToSleep " + budget.toMillis());
        try {
          never.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public void woke() {
        calls.add("woke");
      }
    }, Duration.ofMillis(150))) {
      long before = System.nanoTime();
      bounded.aboutToSleep();
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
      never.countDown();
      bounded.woke();
      assertThat(calls).as("the listener got the budget; the wake-up came after it finished")
          .containsExactly("aboutToSleep 150", "woke");
    }
  }

  @Test
  void aListenerThatFailsStillLetsTheOsSleep() {
    try (BoundedSleepListener bounded = new BoundedSleepListener(new SleepListener() {
      @Override
      public void aboutToSleep(Duration budget) {
        throw new IllegalStateException("disk full");
      }

      @Override
      public void woke() {
        throw new IllegalStateException("disk still full");
      }
    }, Duration.ofSeconds(1))) {
      bounded.aboutToSleep();
      bounded.woke();
    }
  }

  @Test
  void theBudgetMustBePositive() {
    SleepListener none = new SleepListener() {
      @Override
      public void aboutToSleep(Duration budget) {}

      @Override
      public void woke() {}
    };
    assertThatThrownBy(() -> new BoundedSleepListener(none, Duration.ZERO)).hasMessageContaining("positive");
  }
}
