package dev.uptally.agent.spool;

import java.nio.file.Path;

/** The spool could not read or write a file; the message names it. */
public final class SpoolException extends RuntimeException {

  public SpoolException(Path file, String what, Throwable cause) {
    super("spool " + file.toAbsolutePath() + ": " + what
        + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")"), cause);
  }
}
