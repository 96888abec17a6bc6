package dev.uptally.collector.audit;

import java.util.List;

/**
 * Durable audit rows. Entries of an action that writes rows of its own are not appended here but handed to the store
 * that writes them (the incident, device and lifecycle stores take one), which inserts them in the same transaction;
 * {@link #append} is for the rest (refusals, a release). Implementations: SQLite and PostgreSQL
 * ({@code dev.uptally.collector.store.*}); {@code AuditStoreContractTest} holds the behaviour. Thread-safe; failures
 * are {@link dev.uptally.collector.store.StoreException}s naming the operation.
 */
public interface AuditStore {

  /** Appends the entries in one transaction, in list order; durable when it returns. */
  void append(List<AuditEntry> entries);

  /** The rows {@code query} selects, newest first (by time, then by id). */
  List<AuditEntry> entries(AuditQuery query);

  /** How many rows {@code query} selects before paging. */
  long count(AuditQuery query);

  /** Deletes the rows older than {@code beforeMillis}; @return how many */
  long pruneBefore(long beforeMillis);
}
