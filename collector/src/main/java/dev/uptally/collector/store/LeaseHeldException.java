package dev.uptally.collector.store;

/**
 * Another collector holds the exclusive lease on the database; the message names the database and the holder. A
 * standby collector waits and tries again; any other refuses to start.
 */
public final class LeaseHeldException extends StoreException {
  private static final long serialVersionUID = 1L;

  public LeaseHeldException(String message) {
    super(message);
  }
}
