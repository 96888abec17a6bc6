package dev.uptally.agent.power;

/** The OS's sleep announcements cannot be had on this machine; the message says what was missing. */
public final class SleepNotifierUnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  public SleepNotifierUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
