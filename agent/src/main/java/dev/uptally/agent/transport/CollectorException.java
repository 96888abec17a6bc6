package dev.uptally.agent.transport;

import java.time.Duration;
import java.util.Optional;

/**
 * A request to the collector did not succeed. {@link #kind()} says what the agent should do about it;
 * the message names the endpoint, the status and the collector's error text (never a token).
 */
public final class CollectorException extends Exception {

  /** What went wrong, from the agent's point of view. */
  public enum Kind {
    /** 401: the token is not (or no longer) valid; enroll again. */
    UNAUTHORIZED,
    /** 429: slow down; honour {@link #retryAfter()}. */
    RATE_LIMITED,
    /** 503 or another 5xx: the collector cannot take data now; retry with backoff. */
    UNAVAILABLE,
    /** 400, 403, 413 and other 4xx: the request itself is wrong; retrying the same will not help soon. */
    REJECTED,
    /** No answer: connection refused, timeout, TLS failure, proxy failure. */
    NETWORK
  }

  private final Kind kind;
  private final int status;
  private final transient Duration retryAfter;
  private final String collectorError;

  public CollectorException(Kind kind, int status, Duration retryAfter, String message, Throwable cause) {
    this(kind, status, retryAfter, null, message, cause);
  }

  /** @param collectorError the {@code error} of the collector's JSON error body, or null when the answer had none */
  public CollectorException(Kind kind, int status, Duration retryAfter, String collectorError, String message,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
    this.collectorError = collectorError;
  }

  public Kind kind() {
    return kind;
  }

  /** HTTP status, or 0 when there was no answer. */
  public int status() {
    return status;
  }

  /**
   * The {@code error} of the collector's JSON error body ({@code {"error":"…"}}); empty when the answer had no such
   * body (e.g. an HTML page from a proxy or from a TLS port spoken to in plain HTTP).
   */
  public Optional<String> collectorError() {
    return Optional.ofNullable(collectorError);
  }

  /** The collector's {@code Retry-After}, when it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
