package dev.uptally.agent.heartbeat;

import dev.uptally.agent.clock.AgentClock;
import dev.uptally.agent.events.SleepDetector;
import dev.uptally.agent.events.SleepGap;
import dev.uptally.agent.hardware.HardwareReader;
import dev.uptally.agent.spool.SampleRecorder;
import dev.uptally.agent.transport.CollectorClient;
import dev.uptally.agent.transport.CollectorException;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.ShutdownReason;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import java.util.random.RandomGenerator;

/**
 * The agent's heartbeat state machine, driven by {@link #step()}: each call does what is due now
 * (sample, resume event, send) and returns how long to wait before the next call. Nothing here
 * sleeps or reads the clock except through {@link AgentClock}, so tests drive it step by step.
 *
 * <ul>
 *   <li>The first step records a {@code startup} sample with the boot time (and the inventory when it changed).</li>
 *   <li>Every interval (the collector's {@code intervalSeconds}, ±jitter) a heartbeat is recorded:
 *       spooled with fsync before anything is sent.</li>
 *   <li>A wall clock jump against the monotonic clock records a {@code resume} sample at once.</li>
 *   <li>Where the OS announces sleep ({@link #suspend}, from a {@link dev.uptally.agent.power.SleepNotifier}) a
 *       {@code suspend} sample is spooled and sent within the announcement's budget; the wake-up
 *       ({@link #woke}) records the {@code resume} from the suspend time to the wake time, and the clock gap
 *       of the same sleep reports nothing more (see {@link AnnouncedSleep}).</li>
 *   <li>After each sample the spool is drained, oldest first; on failure the next attempt waits for
 *       exponential backoff with full jitter, or the collector's {@code Retry-After}. Sampling goes on
 *       meanwhile, into the spool. With several collector URLs a failure here means that none answered:
 *       {@link CollectorClient} has already moved on from a URL that refused or answered {@code 503}.</li>
 * </ul>
 *
 * <p>Thread-safe: {@link #step()}, {@link #shutdown}, {@link #suspend} and {@link #woke} are serialized, except
 * that {@link #suspend} does not wait long for a step in progress (see there).
 */
public final class HeartbeatLoop {

  /** The longest wait a {@code Retry-After} may impose (the backoff cap). */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);
  private static final System.Logger LOG = System.getLogger(HeartbeatLoop.class.getName());
  static final int MIN_INTERVAL_SECONDS = 1;
  static final int MAX_INTERVAL_SECONDS = 3600;

  private final AgentClock clock;
  private final SampleRecorder recorder;
  private final SampleFactory samples;
  private final BatchSender sender;
  private final CollectorClient client;
  private final SleepDetector sleep;
  private final Backoff backoff;
  private final RandomGenerator random;
  private final LoopSettings settings;
  private final ReentrantLock lock = new ReentrantLock();
  private final AnnouncedSleep announced = new AnnouncedSleep();
  private boolean started;
  private long intervalNanos;
  private long nextSampleAt;
  private long nextSendAt;

  public HeartbeatLoop(AgentClock clock, HardwareReader hardware, SampleRecorder recorder, Enrollment enrollment,
      CollectorClient client, InventoryTracker tracker, SleepDetector sleep, Backoff backoff, RandomGenerator random,
      LoopSettings settings) {
    this.clock = clock;
    this.recorder = recorder;
    this.samples = new SampleFactory(hardware, tracker, clock, settings.inventoryEvery());
    this.sender = new BatchSender(recorder, enrollment, client, clock, settings.maxBatchSamples());
    this.client = client;
    this.sleep = sleep;
    this.backoff = backoff;
    this.random = random;
    this.settings = settings;
    this.intervalNanos = settings.initialInterval().toNanos();
  }

  /** Does what is due and returns the time until the next call. */
  public Duration step() {
    lock.lock();
    try {
      return stepLocked();
    } finally {
      lock.unlock();
    }
  }

  private Duration stepLocked() {
    long now = clock.nanoTime();
    RuntimeException sampling = null;
    try {
      sample(now);
    } catch (RuntimeException e) {
      // e.g. the disk is full: what is already spooled still goes out (and its trim frees space)
      sampling = e;
    }
    if (now - nextSendAt >= 0) {
      try {
        send();
      } catch (RuntimeException e) {
        if (sampling == null) {
          throw e;
        }
        sampling.addSuppressed(e);
      }
    }
    if (sampling != null) {
      throw sampling;
    }
    now = clock.nanoTime();
    long wait = Math.min(Math.min(nextSampleAt - now, nextSendAt - now), settings.wakeAtLeastEvery().toNanos());
    return Duration.ofNanos(Math.max(0, wait));
  }

  /** Records what is due at {@code now}: the startup sample first, then resume events and heartbeats. */
  private void sample(long now) {
    if (!started) {
      sleep.observe(clock.millis(), now, clock.suspendAwareMillis());
      nextSendAt = now; // a backlog from the last run goes out even when the startup sample cannot be spooled
      record(samples::startup); // until it is spooled, each step tries again: the new boot must be reported
      started = true;
      nextSampleAt = now + jitteredInterval();
    } else {
      Optional<SleepGap> gap = sleep.observe(clock.millis(), now, clock.suspendAwareMillis());
      if (gap.isPresent()) {
        SleepGap slept = announced.takeFor(gap.get());
        record(seq -> samples.resume(seq, slept));
        nextSampleAt = now + jitteredInterval();
        nextSendAt = now;
        backoff.reset();
      } else if (now - nextSampleAt >= 0 && !announced.quiet(now)) {
        record(samples::heartbeat);
        nextSampleAt = now + jitteredInterval();
        if (backoff.failures() == 0) {
          nextSendAt = now;
        }
      }
    }
  }

  /**
   * Records the orderly {@code shutdown} sample (spooled with fsync) and tries once to send what is
   * pending within {@code sendTimeout}; what does not go out now goes out at the next start.
   */
  public Sample shutdown(ShutdownReason reason, Duration sendTimeout) {
    lock.lock();
    try {
      Sample s = record(seq -> samples.shutdown(seq, reason));
      try {
        sender.drain(1, sendTimeout);
      } catch (CollectorException e) {
        LOG.log(Level.INFO, "shutdown sample seq {0} spooled; not delivered now ({1}); it goes out at the next start",
            s.seq(), e.getMessage());
      }
      return s;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The OS announced that it is about to sleep: records the {@code suspend} sample (spooled with fsync) and tries
   * once to send what is pending within what is left of {@code budget}; what does not go out now goes out after
   * wake. A step in progress (a send to a slow collector) is waited for a third of the budget at most; past that
   * the sample is recorded beside it, without health (the hardware is read by one thread at a time), and sent
   * after wake: recording it before the OS sleeps matters more than sending it.
   */
  public Sample suspend(Duration budget) {
    long start = clock.nanoTime();
    boolean locked;
    try {
      locked = lock.tryLock(budget.toNanos() / 3, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      locked = false;
    }
    if (!locked) {
      Sample s = recorder.record(seq -> Sample.suspend(seq, clock.millis(), samples.bootTimeMillis(), null));
      announced.suspended(s.time(), clock.nanoTime());
      LOG.log(Level.INFO, "suspend sample seq {0} spooled beside a heartbeat step in progress; it goes out after wake",
          s.seq());
      return s;
    }
    try {
      Sample s = record(samples::suspend);
      announced.suspended(s.time(), clock.nanoTime());
      long left = budget.toNanos() - (clock.nanoTime() - start);
      if (left > 0) {
        try {
          sender.drain(1, Duration.ofNanos(left));
        } catch (CollectorException e) {
          LOG.log(Level.INFO, "suspend sample seq {0} spooled; not delivered before sleep ({1}); it goes out after wake",
              s.seq(), e.getMessage());
        }
      }
      return s;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The OS woke after an announced sleep: records the {@code resume} sample from the {@code suspend} sample's time
   * to now and sends it at the next step. Nothing when no sleep was announced, or when the clock gap already
   * reported it; afterwards the clock gap of this sleep is not reported again.
   */
  public Optional<Sample> woke() {
    lock.lock();
    try {
      OptionalLong from = announced.take();
      if (from.isEmpty()) {
        return Optional.empty();
      }
      long now = clock.nanoTime();
      long wokeAt = Math.max(clock.millis(), from.getAsLong() + 1); // a sleep given up at once still has a length
      sleep.observe(clock.millis(), now, clock.suspendAwareMillis()); // this sleep is reported here, not as a gap
      Sample s = record(seq -> samples.resume(seq, new SleepGap(from.getAsLong(), wokeAt)));
      nextSampleAt = now + jitteredInterval();
      nextSendAt = now;
      backoff.reset();
      return Optional.of(s);
    } finally {
      lock.unlock();
    }
  }

  /** The interval in use (the collector's, once it answered). */
  public Duration interval() {
    lock.lock();
    try {
      return Duration.ofNanos(intervalNanos);
    } finally {
      lock.unlock();
    }
  }

  private Sample record(LongFunction<Sample> build) {
    Sample s = recorder.record(build);
    samples.spooled(s);
    return s;
  }

  private void send() {
    try {
      BatchSender.Result r = sender.drain(settings.maxBatchesPerRound(), settings.requestTimeout());
      if (r.intervalSeconds() != null) {
        useInterval(r.intervalSeconds());
      }
      if (backoff.failures() > 0) {
        LOG.log(Level.INFO, "collector {0} reachable again after {1} failed attempts", client.currentUrl(),
            backoff.failures());
      }
      backoff.reset();
      nextSendAt = r.drained() ? nextSampleAt : clock.nanoTime();
    } catch (CollectorException e) {
      Duration backoffWait = backoff.next();
      // a Retry-After from a proxy or a broken server may say "a year": never wait longer than the backoff cap;
      // nor shorter than its floor: "0", or an HTTP-date already past by the agent's clock, must not make it spin
      Duration wait = e.retryAfter().map(this::boundedRetryAfter).map(ra -> jittered(ra, random)).orElse(backoffWait);
      if (backoff.failures() == 1) {
        LOG.log(Level.WARNING, "cannot deliver heartbeats, spooling and retrying with backoff: {0}", e.getMessage());
      }
      nextSendAt = clock.nanoTime() + wait.toNanos();
    }
  }

  private Duration boundedRetryAfter(Duration retryAfter) {
    if (retryAfter.compareTo(MAX_RETRY_AFTER) > 0) {
      return MAX_RETRY_AFTER;
    }
    return retryAfter.compareTo(backoff.floor()) < 0 ? backoff.floor() : retryAfter;
  }

  /** Most of a {@code Retry-After} added at random on top of it (a quarter). */
  static final double RETRY_AFTER_JITTER = 0.25;

  /**
   * A {@code Retry-After} plus up to a quarter of it (at least up to one second) at random: it is a "not before", and a
   * fleet refused in the same second with the same value (a proxy's fixed answer, or a collector without jitter)
   * must not come back in lockstep. Never beyond {@link #MAX_RETRY_AFTER}.
   */
  static Duration jittered(Duration retryAfter, RandomGenerator random) {
    long spreadMillis = Math.max(1000, (long) (retryAfter.toMillis() * RETRY_AFTER_JITTER));
    Duration wait = retryAfter.plusMillis(random.nextLong(spreadMillis + 1));
    return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
  }

  private void useInterval(int seconds) {
    // a misconfigured collector must not make the agent spin or fall silent for a day
    long nanos = Duration.ofSeconds(Math.max(MIN_INTERVAL_SECONDS, Math.min(MAX_INTERVAL_SECONDS, seconds))).toNanos();
    if (nanos == intervalNanos) {
      return;
    }
    intervalNanos = nanos;
    long now = clock.nanoTime();
    if (nextSampleAt - (now + intervalNanos) > 0) {
      nextSampleAt = now + jitteredInterval();
    }
  }

  private long jitteredInterval() {
    double f = settings.jitterFraction();
    double factor = f == 0 ? 1 : 1 + (random.nextDouble() * 2 - 1) * f;
    return (long) (intervalNanos * factor);
  }
}
