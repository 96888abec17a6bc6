package dev.uptally.agent.identity;

import java.nio.file.Path;

/** The agent's state directory cannot be created, read or written; the message names the path and the cause. */
public final class StateDirException extends RuntimeException {

  private final transient Path path;

  public StateDirException(Path path, String what, Throwable cause) {
    super("state dir " + path.toAbsolutePath() + ": " + what
        + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")")
        + " — check that it exists and is writable by user '" + System.getProperty("user.name") + "'", cause);
    this.path = path;
  }

  public Path path() {
    return path;
  }
}
