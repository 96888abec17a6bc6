package dev.uptally.collector.audit;

/**
 * Who performs an operator action and from where, as the audit log records it.
 *
 * @param tokenName the API token's configured name (never its secret)
 * @param address the peer's IP address as text, null when the connection had none (tests of a handler alone)
 */
public record Actor(String tokenName, String address) {

  public Actor {
    if (tokenName == null || tokenName.isBlank()) {
      throw new IllegalArgumentException("an actor needs the name of its API token");
    }
  }

  /** The entry of this actor's {@code action} on {@code target} at {@code atMillis}. */
  public AuditEntry entry(long atMillis, AuditAction action, String target, String detail) {
    return AuditEntry.of(atMillis, tokenName, address, action, target, detail);
  }
}
