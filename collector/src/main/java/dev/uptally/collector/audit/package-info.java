/**
 * The audit log: every operator action (acknowledge, resolve, retire, reinstate, release, hardware-change correction)
 * and every refused API token, as {@link dev.uptally.collector.audit.AuditEntry} rows kept in the collector's database.
 * Makes public the entry and its {@link dev.uptally.collector.audit.AuditAction}, who acted ({@link
 * dev.uptally.collector.audit.Actor}), the persistence it needs ({@link dev.uptally.collector.audit.AuditStore}), and
 * {@link dev.uptally.collector.audit.AuditLog}: bounded, batched recording of refusals, entries of actions that write
 * nothing else, queries and daily retention. An action that writes its own rows hands its entry to the store it writes
 * through, which inserts it in the same transaction; this package depends on no other of the collector's.
 */
package dev.uptally.collector.audit;
