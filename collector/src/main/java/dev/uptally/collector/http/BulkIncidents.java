package dev.uptally.collector.http;

import dev.uptally.collector.access.Caller;
import dev.uptally.collector.audit.Actor;
import dev.uptally.collector.http.ContractViews.IncidentView;
import dev.uptally.collector.incident.ContractQueries;
import dev.uptally.collector.incident.Incident;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code POST /api/v1/incidents/ack} and {@code …/resolve}: {@code {"ids": [...], "note": "optional"}}, at most
 * {@value #MAX_IDS} distinct ids, all changed in one transaction or none. An empty list, a blank or repeated id is a
 * 400; ids that are unknown — or another client's, for a token that does not see that client, which is told apart
 * from an unknown one in no way — are a 404 listing them. Nothing is changed by a refused request.
 */
final class BulkIncidents {

  static final int MAX_IDS = 500;

  /**
   * The bulk operation of {@link ContractQueries}: ids, who, note → the incidents after (each with its audit row in
   * the same transaction), or empty if one is unknown.
   */
  interface Operation {
    Optional<List<Incident>> apply(List<String> ids, Actor who, String note);
  }

  /** Request body of the bulk routes. */
  record BulkBody(List<String> ids, String note) {}

  private final ContractQueries contracts;
  private final Function<Incident, IncidentView> view;

  BulkIncidents(ContractQueries contracts, Function<Incident, IncidentView> view) {
    this.contracts = contracts;
    this.view = view;
  }

  HttpReply apply(HttpCall call, Caller who, String verb, Operation operation) {
    BulkBody body = JsonBodies.read(call, BulkBody.class);
    List<String> ids = checkedIds(body.ids());
    String note = ContractEndpoints.checkedNote(body.note());
    List<String> unknown = new ArrayList<>();
    for (String id : ids) {
      Optional<String> client = contracts.incident(id).map(Incident::clientId);
      if (client.isEmpty() || !who.clients().includes(client.get())) {
        unknown.add(id);
      }
    }
    if (!unknown.isEmpty()) {
      throw HttpException.notFound(unknownMessage(unknown, verb));
    }
    List<Incident> done = operation.apply(ids, ContractEndpoints.actor(call, who), note)
        .orElseThrow(() -> HttpException.notFound("an incident of the request is unknown; nothing was changed"));
    return HttpReply.ok(done.stream().map(view).toList());
  }

  private static List<String> checkedIds(List<String> ids) {
    if (ids == null || ids.isEmpty()) {
      throw HttpException.badRequest("field 'ids' must list at least one incident id, e.g. {\"ids\": [\"…\"]}");
    }
    if (ids.size() > MAX_IDS) {
      throw HttpException.badRequest("field 'ids' lists " + ids.size() + " ids; at most " + MAX_IDS
          + " are allowed in one request; nothing was changed");
    }
    List<Integer> blank = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    Set<String> repeated = new LinkedHashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      if (id == null || id.isBlank()) {
        blank.add(i);
      } else if (!seen.add(id)) {
        repeated.add(id);
      }
    }
    if (!blank.isEmpty()) {
      throw HttpException.badRequest("field 'ids' has blank ids at " + blank.stream().map(i -> "[" + i + "]")
          .collect(Collectors.joining(", ")) + "; nothing was changed");
    }
    if (!repeated.isEmpty()) {
      throw HttpException.badRequest("field 'ids' repeats " + quoted(List.copyOf(repeated))
          + "; nothing was changed");
    }
    return List.copyOf(ids);
  }

  private static String unknownMessage(List<String> unknown, String verb) {
    return "unknown incident" + (unknown.size() == 1 ? " " : "s ") + quoted(unknown) + "; nothing was "
        + (verb.equals("acknowledge") ? "acknowledged" : "resolved");
  }

  private static String quoted(List<String> ids) {
    return ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "));
  }
}
