package dev.uptally.collector.http;

import java.time.Duration;

/**
 * Connection timing of the HTTP server.
 *
 * @param idle a connection that sends nothing for this long is closed, unless the collector is still
 *     answering one of its requests (default 30 s)
 * @param shutdownGrace how long {@link CollectorServer#close()} lets in-flight requests finish (default 10 s)
 * @param linger after refusing a request, how long input is drained before the connection is closed
 *     (default 2 s)
 */
public record HttpTimeouts(Duration idle, Duration shutdownGrace, Duration linger) {

  public static final HttpTimeouts DEFAULTS =
      new HttpTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(2));

  public HttpTimeouts {
    requirePositive("idle", idle);
    requirePositive("shutdownGrace", shutdownGrace);
    requirePositive("linger", linger);
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("HTTP timeout '" + name + "' must be positive, got " + value);
    }
  }
}
