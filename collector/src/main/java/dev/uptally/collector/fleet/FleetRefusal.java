package dev.uptally.collector.fleet;

/**
 * The fleet refuses a request: a token that is no device's, another device's token, an enrolled device id without
 * proof that the request comes from that device, or a collector shutting down. The message says which, for the
 * requester; the ingest layer maps the {@link Kind} to its answer (401, 403, 409, 503).
 */
public final class FleetRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the fleet refused. */
  public enum Kind {
    /** The token is the current token of no device. */
    UNKNOWN_TOKEN,
    /** The token is another device's. */
    OTHER_DEVICE,
    /** The device id is enrolled and the request did not prove it is that device. */
    DEVICE_CONFLICT,
    /** The device was retired: its token no longer works and its id cannot be enrolled again. */
    RETIRED,
    /** The fleet is stopping and takes no more work. */
    SHUTTING_DOWN
  }

  private final Kind kind;

  public FleetRefusal(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
