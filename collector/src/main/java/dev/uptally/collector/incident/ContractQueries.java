package dev.uptally.collector.incident;

import dev.uptally.collector.audit.Actor;

import java.util.List;
import java.util.Optional;

/**
 * Read and operator side of contracts for the API, dashboard and reports. Times are epoch millis, {@code to}
 * exclusive; null filters mean "all". Thread-safe.
 */
public interface ContractQueries {

  /** @param party {@code customer}, {@code msp} or null */
  List<Violation> violations(String clientId, String party, long fromMillis, long toMillis);

  /** @param state {@code open}, {@code acknowledged}, {@code resolved} or null */
  List<Incident> incidents(String state, String clientId, long fromMillis, long toMillis);

  Optional<Incident> incident(String id);

  /**
   * Acknowledges (the response); empty when unknown; idempotent. The audit row (of a repeat too, saying so) commits
   * with the incident.
   *
   * @param who the API token's name (what the incident records) and the caller's address
   */
  Optional<Incident> acknowledge(String id, Actor who, String note);

  /** Resolves manually; empty when unknown; idempotent; audited as {@link #acknowledge}. */
  Optional<Incident> resolve(String id, Actor who, String note);
}
