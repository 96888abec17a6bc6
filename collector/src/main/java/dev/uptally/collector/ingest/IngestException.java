package dev.uptally.collector.ingest;

import dev.uptally.collector.fleet.FleetRefusal;

/**
 * A request the collector refuses, with the HTTP status to answer and a message naming what was wrong
 * (the field, the value). {@code reason} is a short label for the rejected-heartbeats metric.
 */
public class IngestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String reason;
  private final Integer retryAfterSeconds;

  public IngestException(int status, String reason, String message) {
    this(status, reason, message, null);
  }

  public IngestException(int status, String reason, String message, Integer retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  /** e.g. {@code malformed}, {@code bad_token}, {@code forbidden}, {@code too_large}, {@code rate_limited}, {@code storage}. */
  public String reason() {
    return reason;
  }

  /** For 429 and 503, else null. */
  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public static IngestException badRequest(String message) {
    return new IngestException(400, "malformed", message);
  }

  public static IngestException unauthorized(String message) {
    return new IngestException(401, "bad_token", message);
  }

  public static IngestException forbidden(String message) {
    return new IngestException(403, "forbidden", message);
  }

  /** 409: the request conflicts with what is enrolled (a device id taken, and no proof that this is that device). */
  public static IngestException conflict(String message) {
    return new IngestException(409, "device_conflict", message);
  }

  /** The answer to a refusal of the fleet: 401 (also for a retired device), 403, 409, or 503 while shutting down. */
  public static IngestException of(FleetRefusal refusal) {
    return switch (refusal.kind()) {
      case UNKNOWN_TOKEN -> unauthorized(refusal.getMessage());
      case OTHER_DEVICE -> forbidden(refusal.getMessage());
      case DEVICE_CONFLICT -> conflict(refusal.getMessage());
      case RETIRED -> new IngestException(401, "retired", refusal.getMessage());
      case SHUTTING_DOWN -> new IngestException(503, "shutting_down", refusal.getMessage(), 5);
    };
  }
}
