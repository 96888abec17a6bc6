package dev.uptally.collector.incident;

import dev.uptally.collector.audit.Actor;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

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

  /**
   * Acknowledges every incident of {@code ids} in one transaction: all of them or, when one is unknown, none (then
   * empty). Each is changed as {@link #acknowledge} would (one already acknowledged or resolved is left as it is)
   * and has its own audit row, committed in the same transaction; a refusal (empty) writes none.
   *
   * @param ids distinct incident ids
   * @return the incidents after the change, in the order of {@code ids}
   */
  Optional<List<Incident>> acknowledgeAll(List<String> ids, Actor who, String note);

  /** Resolves every incident of {@code ids} manually in one transaction, as {@link #acknowledgeAll}. */
  Optional<List<Incident>> resolveAll(List<String> ids, Actor who, String note);

  /**
   * How many occurrences of {@code type} (patch windows for {@code patch-window-missed}, months of the client's zone
   * for {@code availability-below-target}) overlapping {@code [fromMillis, toMillis)} the device has been judged on,
   * missed or kept, under the rules in force; empty for a type that is not judged per occurrence (breaches) or an
   * unknown device.
   */
  default OptionalInt judgedOccurrences(String deviceId, String type, long fromMillis, long toMillis) {
    return OptionalInt.empty();
  }

  /** The client's time zone (its months), UTC when the client is unknown. */
  default ZoneId clientZone(String clientId) {
    return ZoneOffset.UTC;
  }
}
