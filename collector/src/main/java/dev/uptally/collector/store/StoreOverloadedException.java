package dev.uptally.collector.store;

/**
 * The write queue is full: the update was not accepted and nothing of it was stored. The HTTP layer
 * answers 503 with {@code Retry-After}; the agent keeps the samples in its spool and retries.
 */
public class StoreOverloadedException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreOverloadedException(String message) {
    super(message);
  }
}
