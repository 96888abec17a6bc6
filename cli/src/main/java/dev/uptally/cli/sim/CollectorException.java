package dev.uptally.cli.sim;

import java.time.Duration;

/**
 * The collector refused or could not be reached. {@code status} is the HTTP status, 0 when no answer arrived;
 * {@code retryAfter} is the collector's {@code Retry-After}, or null.
 */
public class CollectorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Duration retryAfter;

  public CollectorException(int status, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** Worth retrying with the same request: no answer, rate limited, or storage (or a proxy) unavailable. */
  public boolean retryable() {
    return status == 0 || status == 429 || status == 502 || status == 503 || status == 504;
  }
}
