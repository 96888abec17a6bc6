package dev.uptally.cli.sim;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;

/**
 * @param parallelism devices sending history at the same time (each device's batches stay strictly in order)
 * @param maxBatchSamples samples per request, at most the protocol's 1000
 * @param historyHealthEvery health on every n-th history sample (the rest null to save bytes); live sends it always
 * @param progressEvery how often backfill prints progress
 * @param progress where progress goes ({@link #QUIET} for none)
 */
public record SimulatorOptions(int parallelism, int maxBatchSamples, int historyHealthEvery, RetryPolicy retry,
    Sleeper sleeper, Duration progressEvery, PrintStream progress) {

  public static final int PROTOCOL_MAX_SAMPLES = 1000;
  public static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  public SimulatorOptions {
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(progressEvery, "progressEvery");
    Objects.requireNonNull(progress, "progress");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
    }
    if (maxBatchSamples < 1 || maxBatchSamples > PROTOCOL_MAX_SAMPLES) {
      throw new IllegalArgumentException("maxBatchSamples must be in [1, " + PROTOCOL_MAX_SAMPLES + "]: "
          + maxBatchSamples);
    }
    if (historyHealthEvery < 1) {
      throw new IllegalArgumentException("historyHealthEvery must be at least 1: " + historyHealthEvery);
    }
  }

  /** 8 devices in flight, 1000 samples a request, health on every 10th history sample, progress every 5 s. */
  public static SimulatorOptions defaults(PrintStream progress) {
    return new SimulatorOptions(8, PROTOCOL_MAX_SAMPLES, 10, RetryPolicy.DEFAULT, Sleeper.REAL,
        Duration.ofSeconds(5), progress);
  }
}
