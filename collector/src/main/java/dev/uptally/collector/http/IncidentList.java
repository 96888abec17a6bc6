package dev.uptally.collector.http;

import dev.uptally.collector.http.ContractViews.IncidentView;
import dev.uptally.collector.incident.Incident;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GET /api/v1/incidents}'s filters beyond the store's ({@code priority}, {@code rule}), its orders and its CSV.
 * Orders: {@code opened} (newest first, the default, as before), {@code priority} (P1 first, then overdue first, then
 * the earliest next due), {@code due} (the earliest next due first; resolved incidents, with none, last).
 */
final class IncidentList {

  static final List<String> SORTS = List.of("opened", "priority", "due");

  private static final Comparator<Instant> EARLIEST_FIRST = Comparator.nullsLast(Comparator.naturalOrder());
  private static final Comparator<IncidentView> OPENED = Comparator.comparing(IncidentView::openedAt,
      Comparator.reverseOrder());
  private static final Comparator<IncidentView> BY_PRIORITY = Comparator
      .comparingInt((IncidentView i) -> rank(i.priority()))
      .thenComparing(i -> !i.overdue())
      .thenComparing(IncidentView::nextDue, EARLIEST_FIRST)
      .thenComparing(OPENED);
  private static final Comparator<IncidentView> BY_DUE = Comparator
      .comparing(IncidentView::nextDue, EARLIEST_FIRST)
      .thenComparingInt(i -> rank(i.priority()))
      .thenComparing(OPENED);

  private IncidentList() {}

  static List<IncidentView> filter(List<IncidentView> incidents, Set<String> priorities, Set<String> rules) {
    return incidents.stream()
        .filter(i -> priorities.isEmpty() || priorities.contains(i.priority()))
        .filter(i -> rules.isEmpty() || rules.contains(i.rule()))
        .toList();
  }

  /** @param sort one of {@link #SORTS}, null for the default */
  static List<IncidentView> sort(List<IncidentView> incidents, String sort) {
    if (sort == null || sort.equals("opened")) {
      return incidents; // the store's order: newest first
    }
    return incidents.stream().sorted(sort.equals("priority") ? BY_PRIORITY : BY_DUE).toList();
  }

  private static int rank(String priority) {
    int at = Incident.PRIORITIES.indexOf(priority);
    return at < 0 ? Incident.PRIORITIES.size() : at;
  }

  static final Map<String, Function<IncidentView, Object>> CSV_COLUMNS = columns();

  private static Map<String, Function<IncidentView, Object>> columns() {
    Map<String, Function<IncidentView, Object>> c = new LinkedHashMap<>();
    c.put("id", IncidentView::id);
    c.put("priority", IncidentView::priority);
    c.put("rule", IncidentView::rule);
    c.put("state", IncidentView::state);
    c.put("clientId", IncidentView::clientId);
    c.put("deviceId", IncidentView::deviceId);
    c.put("hostname", IncidentView::hostname);
    c.put("openedAt", IncidentView::openedAt);
    c.put("responseDue", IncidentView::responseDue);
    c.put("resolutionDue", IncidentView::resolutionDue);
    c.put("nextDue", IncidentView::nextDue);
    c.put("overdue", IncidentView::overdue);
    c.put("acknowledgedAt", IncidentView::acknowledgedAt);
    c.put("acknowledgedBy", IncidentView::acknowledgedBy);
    c.put("ackNote", IncidentView::ackNote);
    c.put("resolvedAt", IncidentView::resolvedAt);
    c.put("resolvedBy", IncidentView::resolvedBy);
    c.put("resolution", IncidentView::resolution);
    c.put("resolveNote", IncidentView::resolveNote);
    c.put("escalated", IncidentView::escalated);
    c.put("detail", IncidentView::detail);
    return c;
  }
}
