package dev.uptally.agent.heartbeat;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link HeartbeatLoop} on one daemon thread, calling {@link HeartbeatLoop#step()} again
 * after the delay it returns. An unexpected failure of a step (e.g. the disk is full) is logged once
 * per distinct message and the loop carries on after the initial interval.
 */
public final class HeartbeatRunner {

  private static final System.Logger LOG = System.getLogger(HeartbeatRunner.class.getName());

  private final HeartbeatLoop loop;
  private final Runnable abortStep;
  private final ScheduledThreadPoolExecutor executor;
  private volatile boolean stopped;
  private String lastError;

  public HeartbeatRunner(HeartbeatLoop loop) {
    this(loop, () -> {});
  }

  /** @param abortStep ends a step blocked in I/O that ignores interrupts (e.g. closes a request in flight) */
  public HeartbeatRunner(HeartbeatLoop loop, Runnable abortStep) {
    this.loop = loop;
    this.abortStep = abortStep;
    this.executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "uptally-heartbeat");
      t.setDaemon(true);
      return t;
    });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  public void start() {
    executor.execute(this::tick);
  }

  /**
   * Stops scheduling and lets a step in flight finish for up to {@code wait} (so that an ack on its
   * way is not lost and the batch is not sent twice); after that the step is interrupted and aborted.
   */
  public void stop(Duration wait) throws InterruptedException {
    stopped = true;
    executor.shutdown();
    if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      executor.shutdownNow();
      abortStep.run();
      if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "heartbeat step still running after {0}; shutting down anyway", wait);
      }
    }
  }

  private void tick() {
    Duration next;
    try {
      next = loop.step();
      lastError = null;
    } catch (RuntimeException | Error e) {
      // an Error too (a native library OSHI needs that cannot be linked, say): were it to escape, the executor would
      // keep it in a future nobody reads and never call the loop again, and the agent would fall silent unnoticed
      if (!Objects.equals(lastError, e.getMessage())) {
        LOG.log(Level.ERROR, "heartbeat step failed; retrying", e);
      }
      lastError = e.getMessage();
      next = loop.interval();
    }
    if (stopped) {
      return;
    }
    try {
      executor.schedule(this::tick, Math.max(1, next.toMillis()), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      if (!stopped) {
        throw e;
      }
    }
  }
}
