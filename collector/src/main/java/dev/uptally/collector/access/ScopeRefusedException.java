package dev.uptally.collector.access;

/** A route that spans every client was asked by a token that sees only some (the API answers 403). */
public final class ScopeRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ScopeRefusedException(String message) {
    super(message, null, false, false);
  }
}
