package dev.uptally.cli.sim;

import java.time.Duration;
import java.util.List;

/**
 * What a history backfill sent.
 *
 * @param samples samples the collector acknowledged
 * @param requests heartbeat requests answered 200
 * @param failures one line per device whose history could not be delivered (empty when all went through)
 */
public record BackfillResult(int devices, long samples, long requests, Duration elapsed, List<String> failures) {

  public BackfillResult {
    failures = List.copyOf(failures);
  }

  public double samplesPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : samples / seconds;
  }
}
