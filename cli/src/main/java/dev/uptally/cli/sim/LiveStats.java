package dev.uptally.cli.sim;

import java.util.Map;

/**
 * Counters of live mode so far.
 *
 * @param requests heartbeat requests answered 200
 * @param samples samples acknowledged
 * @param errorsByStatus failed requests by HTTP status (0: no answer)
 */
public record LiveStats(long requests, long samples, Map<Integer, Long> errorsByStatus) {

  public LiveStats {
    errorsByStatus = Map.copyOf(errorsByStatus);
  }
}
