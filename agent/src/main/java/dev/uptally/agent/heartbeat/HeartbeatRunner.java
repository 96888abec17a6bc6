package dev.uptally.agent.heartbeat;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link HeartbeatLoop} on one daemon thread, calling {@link HeartbeatLoop#step()} again
 * after the delay it returns. An unexpected failure of a step (e.g. the disk is full) is logged once
 * per distinct message and the loop carries on after the initial interval.
 */
public final class HeartbeatRunner {

  private static final System.Logger LOG = System.getLogger(HeartbeatRunner.class.getName());

  private final HeartbeatLoop loop;
  private final ScheduledExecutorService executor;
  private volatile boolean stopped;
  private String lastError;

  public HeartbeatRunner(HeartbeatLoop loop) {
    this.loop = loop;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "uptally-heartbeat");
      t.setDaemon(true);
      return t;
    });
  }

  public void start() {
    executor.execute(this::tick);
  }

  /** Stops scheduling, interrupts a request in flight and waits up to {@code wait} for the step to end. */
  public void stop(Duration wait) throws InterruptedException {
    stopped = true;
    executor.shutdownNow();
    if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      LOG.log(Level.WARNING, "heartbeat step still running after {0}; shutting down anyway", wait);
    }
  }

  private void tick() {
    Duration next;
    try {
      next = loop.step();
      lastError = null;
    } catch (RuntimeException e) {
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
