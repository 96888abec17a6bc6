package dev.uptally.collector.concurrent;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stopping the collector's single-purpose threads the same way everywhere. */
public final class Executors2 {

  private Executors2() {}

  /**
   * Lets queued tasks finish for at most {@code wait}, then interrupts what still runs. An interrupt of the caller
   * stops the executor at once and is kept for the caller to see.
   *
   * @return whether everything finished in time
   */
  public static boolean stop(ExecutorService executor, Duration wait) {
    executor.shutdown();
    try {
      if (executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    return false;
  }
}
