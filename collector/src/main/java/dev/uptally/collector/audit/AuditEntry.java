package dev.uptally.collector.audit;

import java.util.Objects;

/**
 * One row of the audit log. It never holds a secret: not a presented token, nor a prefix of one.
 *
 * @param id the row's number, ascending in insertion order; 0 for an entry not stored yet
 * @param atMillis collector clock when the action (or the refusal) happened, epoch millis
 * @param tokenName the API token's name; null for a refused token (401), which is no known token
 * @param address the peer's IP address as text; null when unknown
 * @param target what the action addressed: an incident or device id ({@code device/change} for a hardware change),
 *     or {@code METHOD path} of a refused request; at most {@value #MAX_TARGET_CHARS} characters
 * @param detail the outcome in words (a note's length, a reason, "already acknowledged"); at most {@value
 *     #MAX_DETAIL_CHARS} characters; null when there is nothing to add
 */
public record AuditEntry(long id, long atMillis, String tokenName, String address, AuditAction action, String target,
    String detail) {

  public static final int MAX_TARGET_CHARS = 300;
  public static final int MAX_DETAIL_CHARS = 500;
  static final int MAX_NAME_CHARS = 200;

  public AuditEntry {
    Objects.requireNonNull(action, "action");
    if (id < 0) {
      throw new IllegalArgumentException("audit entry id " + id + " is negative");
    }
    tokenName = clip(tokenName, MAX_NAME_CHARS);
    address = clip(address, MAX_NAME_CHARS);
    target = clip(target, MAX_TARGET_CHARS);
    detail = clip(detail, MAX_DETAIL_CHARS);
  }

  /** An entry not stored yet. */
  public static AuditEntry of(long atMillis, String tokenName, String address, AuditAction action, String target,
      String detail) {
    return new AuditEntry(0, atMillis, tokenName, address, action, target, detail);
  }

  /** The same entry as stored under {@code storedId}. */
  public AuditEntry withId(long storedId) {
    return new AuditEntry(storedId, atMillis, tokenName, address, action, target, detail);
  }

  /** Cut to {@code max} characters, ending in an ellipsis when cut: paths and notes come from the request. */
  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
