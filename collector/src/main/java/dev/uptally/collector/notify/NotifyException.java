package dev.uptally.collector.notify;

/** The delivery log could not be read or written; the message names the operation and the file. */
public final class NotifyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotifyException(String message, Throwable cause) {
    super(message, cause);
  }
}
