package dev.uptally.collector.http;

import dev.uptally.collector.access.Caller;
import dev.uptally.collector.access.Scope;
import dev.uptally.collector.audit.Actor;
import dev.uptally.collector.api.ApiHandler;
import dev.uptally.collector.api.ApiHandlerParams;
import dev.uptally.collector.incident.ContractQueries;
import dev.uptally.collector.incident.Incident;
import dev.uptally.collector.incident.Violation;
import dev.uptally.config.collector.ApiConfig.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The contract routes of API v1: {@code GET /api/v1/violations?client=&party=&from=&to=} and
 * {@code GET /api/v1/incidents?state=&client=&from=&to=} (viewer), {@code POST /api/v1/incidents/{id}/ack} and
 * {@code …/resolve} (operator, optional body {@code {"note":"…"}}), answering the {@code Incident} after the change.
 * Registered through {@link ApiHandler#route}, so tokens, roles and the blocking executor are the API's own; the
 * token's <em>name</em> is what an acknowledgement or resolution records as who did it.
 */
public final class ContractEndpoints implements CollectorServer.ApiRoutes {

  static final int MAX_NOTE_CHARS = 2000;
  private static final Set<String> PARTIES = Set.of("customer", "msp");
  private static final Set<String> STATES = Set.of("open", "acknowledged", "resolved");
  private static final Set<String> VIOLATIONS_PARAMS = ApiHandlerParams.accepted(Set.of("client", "party"),
      ApiHandlerParams.WINDOW);
  private static final Set<String> INCIDENTS_PARAMS = ApiHandlerParams.accepted(Set.of("state", "client"),
      ApiHandlerParams.WINDOW);

  private final ContractQueries contracts;
  private final Clock clock;

  public ContractEndpoints(ContractQueries contracts, Clock clock) {
    this.contracts = contracts;
    this.clock = clock;
  }

  @Override
  public void register(ApiHandler api, Routes.Builder routes) {
    Scope incident = Scope.target("id", "incident", id -> contracts.incident(id).map(Incident::clientId));
    api.route(routes, "GET", "/api/v1/violations", Role.VIEWER, Scope.listed(), VIOLATIONS_PARAMS, (call, who) -> {
      String party = oneOf(call, "party", PARTIES);
      ApiHandlerParams.Window w = ApiHandlerParams.window(call, clock);
      return HttpReply.ok(who.clients().rows(client -> contracts.violations(client, party, w.fromMillis(),
          w.toMillis()), Violation::clientId));
    });
    api.route(routes, "GET", "/api/v1/incidents", Role.VIEWER, Scope.listed(), INCIDENTS_PARAMS, (call, who) -> {
      String state = oneOf(call, "state", STATES);
      Instant from = ApiHandlerParams.instant(call, "from");
      Instant to = ApiHandlerParams.instant(call, "to");
      if (from != null && to != null && !from.isBefore(to)) {
        throw HttpException.badRequest("parameter 'from' (" + from + ") must be before 'to' (" + to + ")");
      }
      long fromMillis = from == null ? Long.MIN_VALUE : from.toEpochMilli();
      long toMillis = to == null ? Long.MAX_VALUE : to.toEpochMilli();
      return HttpReply.ok(who.clients().rows(client -> contracts.incidents(state, client, fromMillis, toMillis),
          Incident::clientId));
    });
    api.route(routes, "GET", "/api/v1/incidents/{id}", Role.VIEWER, incident,
        call -> HttpReply.ok(found(call, contracts.incident(call.pathParam("id")))));
    api.route(routes, "POST", "/api/v1/incidents/{id}/ack", Role.OPERATOR, incident, (call, who) -> HttpReply.ok(
        found(call, contracts.acknowledge(call.pathParam("id"), actor(call, who), note(call)))));
    api.route(routes, "POST", "/api/v1/incidents/{id}/resolve", Role.OPERATOR, incident, (call, who) -> HttpReply.ok(
        found(call, contracts.resolve(call.pathParam("id"), actor(call, who), note(call)))));
  }

  /** Who acts, as the audit log records it: the token's name and the peer's address. */
  static Actor actor(HttpCall call, Caller who) {
    return new Actor(who.name(), call.remoteAddress());
  }

  /**
   * The body's optional note: no body (then no Content-Type is needed either, see {@link RequestGate}), or
   * {@code {"note": "…"}} with at most {@value #MAX_NOTE_CHARS} characters.
   */
  private static String note(HttpCall call) {
    if (call.body() == null || call.body().length == 0) {
      return null;
    }
    NoteBody body = JsonBodies.read(call, NoteBody.class);
    if (body.note() != null && body.note().length() > MAX_NOTE_CHARS) {
      throw HttpException.badRequest("field 'note' has " + body.note().length() + " characters; at most "
          + MAX_NOTE_CHARS + " are allowed");
    }
    return body.note();
  }

  /** Request body of ack and resolve. */
  record NoteBody(String note) {}

  private static Incident found(HttpCall call, Optional<Incident> incident) {
    return incident.orElseThrow(() -> HttpException.notFound("unknown incident '" + call.pathParam("id") + "'"));
  }

  private static String oneOf(HttpCall call, String name, Set<String> allowed) {
    String value = call.query(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    if (!allowed.contains(value)) {
      throw HttpException.badRequest("parameter '" + name + "' must be one of " + String.join(", ",
          allowed.stream().sorted().toList()) + ", got '" + value + "'");
    }
    return value;
  }

}
