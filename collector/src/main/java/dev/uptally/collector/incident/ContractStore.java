package dev.uptally.collector.incident;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Durable contract state: violations (verdicts and breaches), incidents, the links between them, the outbox of
 * events they cause, how far each device is judged, and small engine state. Writes go through {@link #write}: one
 * transaction whose changes and outbox events commit together or not at all.
 *
 * <p>Implementations: SQLite and PostgreSQL ({@code dev.uptally.collector.store.*}), opened and closed with the rest
 * of the storage; {@code ContractStoreContractTest} holds the behaviour each must show. Thread-safe. A read made on
 * the thread running a {@link #write} sees that write's changes. Every failure is a
 * {@link dev.uptally.collector.store.StoreException} naming the operation.
 */
public interface ContractStore {

  /** Runs {@code work} in one transaction; durable when it returns, nothing of it applied when it throws. */
  void write(String operation, Consumer<ContractTransaction> work);

  /** Incidents not resolved, oldest first. */
  List<TrackedIncident> unresolvedIncidents();

  Optional<TrackedIncident> incident(String id);

  /** Incidents open at some time in {@code [from, to)}; null filters mean all. Newest first. */
  List<Incident> incidents(String state, String clientId, long fromMillis, long toMillis);

  /** Violations (not withdrawn) overlapping {@code [from, to)}; null filters mean all. In start order. */
  List<Violation> violations(String clientId, String party, long fromMillis, long toMillis);

  /**
   * Patch windows each device has missed since it was first judged, counting verdicts later withdrawn too (a miss
   * that was reported stays reported), so the counts only grow: one row per client and device.
   */
  List<PatchMisses> patchWindowMisses();

  /** Ids of the violations the incident stands for that are not withdrawn. */
  List<String> standingViolationsOf(String incidentId);

  /** The device's violation of {@code type} for the window starting at {@code startMillis}, withdrawn or not. */
  Optional<TrackedViolation> violation(String type, String deviceId, long startMillis);

  Optional<TrackedViolation> violation(String id);

  /** Outbox events in the order they were written (diagnostics and tests; delivery reads them itself). */
  List<OutboxEvent> outbox();

  /**
   * The device's verdicts of {@code types} (withdrawn ones too; breaches excluded) for occurrences ending in
   * {@code (afterMillis, upToMillis]}, in end order.
   */
  List<TrackedViolation> verdicts(String deviceId, List<String> types, long afterMillis, long upToMillis);

  /** How far every device's occurrences have been judged. */
  List<JudgedRange> judgedRanges();

  OptionalLong state(String key);
}
