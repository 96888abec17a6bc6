package dev.uptally.collector.incident;

import dev.uptally.collector.audit.AuditEntry;

/**
 * Writes of the contract engine inside one transaction: a change and the outbox events it causes commit
 * together or not at all. Valid only inside {@link ContractStore#write}.
 */
public interface ContractTransaction {

  /**
   * Inserts a violation unless one of the same device and window (or the same breach of the same incident) exists.
   *
   * @return whether it was inserted
   */
  boolean insertViolation(TrackedViolation v, long nowMillis);

  /** Rewrites cause, detail, evidence and the withdrawn flag of a stored violation. */
  void updateViolation(TrackedViolation v, long nowMillis);

  /** Records that an incident stands for a violation (a patchWindowMissed incident for a miss); idempotent. */
  void linkViolation(String incidentId, String violationId);

  /** Inserts or replaces an incident. */
  void saveIncident(TrackedIncident incident);

  void appendEvent(OutboxEvent event);

  /**
   * Appends an operator action's audit row, committed with the rest of the transaction or not at all. A bulk action
   * appends one per incident it changes.
   */
  void appendAudit(AuditEntry entry);

  void setState(String key, long value);

  /** Records how far a device's occurrences are judged, with the verdicts written in the same transaction. */
  void saveJudgedRange(JudgedRange range);

  /** Forgets how far the client's devices are judged (its rules changed): their open range is judged again. */
  void forgetJudgedRanges(String clientId);
}
