package dev.uptally.agent.power;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps the promise every notifier makes to its OS: the OS waits for {@link SleepListener#aboutToSleep} at
 * most {@code budget}. The listener runs on a worker thread; when it has not returned by then (a send stuck
 * on a dead network, a disk that hangs), this returns anyway and the notifier lets the OS sleep. What the
 * listener had made durable by then is kept; the rest finishes after wake.
 *
 * <p>The default budget, {@value #DEFAULT_BUDGET_MILLIS} ms, stays under logind's default
 * {@code InhibitDelayMaxSec} of 5 s, after which logind would stop waiting anyway, and well under the 20 s
 * or so that macOS allows before it sleeps regardless. Thread-safe; calls are expected one at a time.
 */
public final class BoundedSleepListener implements SleepListener, AutoCloseable {

  public static final long DEFAULT_BUDGET_MILLIS = 3000;
  public static final Duration DEFAULT_BUDGET = Duration.ofMillis(DEFAULT_BUDGET_MILLIS);
  private static final System.Logger LOG = System.getLogger(BoundedSleepListener.class.getName());

  private final SleepListener listener;
  private final Duration budget;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "uptally-sleep-announcement");
    t.setDaemon(true);
    return t;
  });

  public BoundedSleepListener(SleepListener listener, Duration budget) {
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("sleep announcement budget must be positive, got " + budget);
    }
    this.listener = listener;
    this.budget = budget;
  }

  /** The time the OS is held back at most. */
  public Duration budget() {
    return budget;
  }

  /** Runs the listener with the whole budget; returns when it did, or when the budget is spent. */
  public void aboutToSleep() {
    aboutToSleep(budget);
  }

  @Override
  public void aboutToSleep(Duration ignored) {
    Future<?> done = worker.submit(() -> listener.aboutToSleep(budget));
    try {
      done.get(budget.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      LOG.log(Level.WARNING, "getting ready for sleep took longer than {0}; letting the OS sleep anyway", budget);
    } catch (ExecutionException e) {
      LOG.log(Level.WARNING, "getting ready for sleep failed; letting the OS sleep", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs on the worker too, after anything still running from {@link #aboutToSleep}, so the order holds. */
  @Override
  public void woke() {
    Future<?> done = worker.submit(listener::woke);
    try {
      done.get();
    } catch (ExecutionException e) {
      LOG.log(Level.WARNING, "recording the wake-up failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
