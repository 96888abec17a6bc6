package dev.uptally.collector.access;

/**
 * The target of a request is not there for this caller: unknown, or another client's. The message is the same for
 * both (it names the id as the request gave it), so that the answer tells a scoped token nothing it may not know.
 */
public final class NotVisibleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NotVisibleException(String message) {
    super(message, null, false, false);
  }
}
