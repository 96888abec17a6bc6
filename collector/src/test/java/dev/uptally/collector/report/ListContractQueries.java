package dev.uptally.collector.report;

import dev.uptally.collector.incident.ContractQueries;
import dev.uptally.collector.incident.Incident;
import dev.uptally.collector.incident.Violation;
import java.util.List;
import java.util.Optional;

/**
 * The read side of {@link ContractQueries} over fixed lists, filtering as the interface specifies (violations by
 * start, incidents by opening, {@code to} exclusive). Reports never acknowledge or resolve.
 */
final class ListContractQueries implements ContractQueries {

  private final List<Violation> violations;
  private final List<Incident> incidents;

  ListContractQueries(List<Violation> violations, List<Incident> incidents) {
    this.violations = List.copyOf(violations);
    this.incidents = List.copyOf(incidents);
  }

  @Override
  public List<Violation> violations(String clientId, String party, long fromMillis, long toMillis) {
    return violations.stream()
        .filter(v -> clientId == null || clientId.equals(v.clientId()))
        .filter(v -> party == null || party.equals(v.party()))
        .filter(v -> v.start().toEpochMilli() >= fromMillis && v.start().toEpochMilli() < toMillis)
        .toList();
  }

  @Override
  public List<Incident> incidents(String state, String clientId, long fromMillis, long toMillis) {
    return incidents.stream()
        .filter(i -> state == null || state.equals(i.state()))
        .filter(i -> clientId == null || clientId.equals(i.clientId()))
        .filter(i -> i.openedAt().toEpochMilli() >= fromMillis && i.openedAt().toEpochMilli() < toMillis)
        .toList();
  }

  @Override
  public Optional<Incident> incident(String id) {
    return incidents.stream().filter(i -> i.id().equals(id)).findFirst();
  }

  @Override
  public Optional<Incident> acknowledge(String id, dev.uptally.collector.audit.Actor who, String note) {
    throw new UnsupportedOperationException("reports only read incidents");
  }

  @Override
  public Optional<Incident> resolve(String id, dev.uptally.collector.audit.Actor who, String note) {
    throw new UnsupportedOperationException("reports only read incidents");
  }

  @Override
  public Optional<List<Incident>> acknowledgeAll(List<String> ids, dev.uptally.collector.audit.Actor who, String note) {
    throw new UnsupportedOperationException("reports only read incidents");
  }

  @Override
  public Optional<List<Incident>> resolveAll(List<String> ids, dev.uptally.collector.audit.Actor who, String note) {
    throw new UnsupportedOperationException("reports only read incidents");
  }
}
