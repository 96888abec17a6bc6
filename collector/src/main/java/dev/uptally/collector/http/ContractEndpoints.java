package dev.uptally.collector.http;

import dev.uptally.collector.access.Caller;
import dev.uptally.collector.access.Scope;
import dev.uptally.collector.audit.Actor;
import dev.uptally.collector.http.ContractViews.IncidentView;
import dev.uptally.collector.incident.ContractQueries;
import dev.uptally.collector.incident.Incident;
import dev.uptally.config.collector.ApiConfig.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The incident routes of API v1: {@code GET /api/v1/incidents?state=&client=&priority=&rule=&sort=&from=&to=&format=}
 * and {@code GET /api/v1/incidents/{id}} (viewer); {@code POST /api/v1/incidents/{id}/ack} and {@code …/resolve}
 * (operator, optional body {@code {"note":"…"}}); the bulk {@code POST /api/v1/incidents/ack} and {@code …/resolve}
 * (operator, {@code {"ids":[…],"note":"…"}}, all or nothing, see {@link BulkIncidents}). Each answers the incidents
 * after the change, with the device's hostname. The violation routes are {@link ViolationEndpoints}'. Registered
 * through {@link ApiHandler#route}, so tokens, roles and the blocking executor are the API's own; the token's
 * <em>name</em> is what an acknowledgement or resolution records as who did it.
 */
public final class ContractEndpoints implements CollectorServer.ApiRoutes {

  static final int MAX_NOTE_CHARS = 2000;
  private static final Set<String> STATES = Set.of("open", "acknowledged", "resolved");
  private static final Set<String> INCIDENTS_PARAMS = ApiHandlerParams.accepted(
      Set.of("state", "client", "priority", "rule", "sort"), ContractParams.FORMAT, ApiHandlerParams.WINDOW);

  private final ContractQueries contracts;
  private final Clock clock;
  private final Function<String, Optional<String>> hostnames;

  /** @param hostnames device id → its hostname, empty when unknown */
  public ContractEndpoints(ContractQueries contracts, Clock clock, Function<String, Optional<String>> hostnames) {
    this.contracts = contracts;
    this.clock = clock;
    this.hostnames = hostnames;
  }

  @Override
  public void register(ApiHandler api, Routes.Builder routes) {
    new ViolationEndpoints(contracts, clock, this::hostname).register(api, routes);
    Scope incident = Scope.target("id", "incident", id -> contracts.incident(id).map(Incident::clientId));
    api.route(routes, "GET", "/api/v1/incidents", Role.VIEWER, Scope.listed(), INCIDENTS_PARAMS, this::incidents);
    BulkIncidents bulk = new BulkIncidents(contracts, this::view);
    // a list narrowed per id by the caller's clients (another client's id is an unknown one), not a single target
    api.route(routes, "POST", "/api/v1/incidents/ack", Role.OPERATOR, Scope.listed(),
        (call, who) -> bulk.apply(call, who, "acknowledge", contracts::acknowledgeAll));
    api.route(routes, "POST", "/api/v1/incidents/resolve", Role.OPERATOR, Scope.listed(),
        (call, who) -> bulk.apply(call, who, "resolve", contracts::resolveAll));
    api.route(routes, "GET", "/api/v1/incidents/{id}", Role.VIEWER, incident,
        call -> HttpReply.ok(view(found(call, contracts.incident(call.pathParam("id"))))));
    api.route(routes, "POST", "/api/v1/incidents/{id}/ack", Role.OPERATOR, incident, (call, who) -> HttpReply.ok(
        view(found(call, contracts.acknowledge(call.pathParam("id"), actor(call, who), note(call))))));
    api.route(routes, "POST", "/api/v1/incidents/{id}/resolve", Role.OPERATOR, incident, (call, who) -> HttpReply.ok(
        view(found(call, contracts.resolve(call.pathParam("id"), actor(call, who), note(call))))));
  }

  /** Who acts, as the audit log records it: the token's name and the peer's address. */
  static Actor actor(HttpCall call, Caller who) {
    return new Actor(who.name(), call.remoteAddress());
  }

  private HttpReply incidents(HttpCall call, Caller who) {
    String state = oneOf(call, "state", STATES);
    Set<String> priorities = ContractParams.anyOf(call, "priority", Incident.PRIORITIES);
    Set<String> rules = ContractParams.anyOf(call, "rule", Incident.RULES);
    Set<String> sorts = ContractParams.anyOf(call, "sort", IncidentList.SORTS);
    if (sorts.size() > 1) {
      throw HttpException.badRequest("parameter 'sort' takes one of " + String.join(", ", IncidentList.SORTS));
    }
    boolean csv = ContractParams.wantsCsv(call);
    Instant from = ApiHandlerParams.instant(call, "from");
    Instant to = ApiHandlerParams.instant(call, "to");
    if (from != null && to != null && !from.isBefore(to)) {
      throw HttpException.badRequest("parameter 'from' (" + from + ") must be before 'to' (" + to + ")");
    }
    long fromMillis = from == null ? Long.MIN_VALUE : from.toEpochMilli();
    long toMillis = to == null ? Long.MAX_VALUE : to.toEpochMilli();
    List<Incident> rows = who.clients().rows(client -> contracts.incidents(state, client, fromMillis, toMillis),
        Incident::clientId);
    long now = clock.millis();
    List<IncidentView> views = IncidentList.sort(IncidentList.filter(rows.stream()
        .map(i -> IncidentView.of(i, hostname(i.deviceId()), now)).toList(), priorities, rules),
        sorts.isEmpty() ? null : sorts.iterator().next());
    if (csv) {
      return CsvTable.reply(views, IncidentList.CSV_COLUMNS, "incidents-" + (state == null ? "all" : state) + ".csv")
          .gzipFor(call);
    }
    return HttpReply.ok(views).gzipFor(call);
  }

  IncidentView view(Incident i) {
    return IncidentView.of(i, hostname(i.deviceId()), clock.millis());
  }

  private String hostname(String deviceId) {
    return deviceId == null ? null : hostnames.apply(deviceId).orElse(null);
  }

  /**
   * The body's optional note: no body (then no Content-Type is needed either, see {@link RequestGate}), or
   * {@code {"note": "…"}} with at most {@value #MAX_NOTE_CHARS} characters.
   */
  private static String note(HttpCall call) {
    if (call.body() == null || call.body().length == 0) {
      return null;
    }
    return checkedNote(JsonBodies.read(call, NoteBody.class).note());
  }

  static String checkedNote(String note) {
    if (note != null && note.length() > MAX_NOTE_CHARS) {
      throw HttpException.badRequest("field 'note' has " + note.length() + " characters; at most "
          + MAX_NOTE_CHARS + " are allowed");
    }
    return note;
  }

  /** Request body of ack and resolve. */
  record NoteBody(String note) {}

  private static Incident found(HttpCall call, Optional<Incident> incident) {
    return incident.orElseThrow(() -> HttpException.notFound("unknown incident '" + call.pathParam("id") + "'"));
  }

  static String oneOf(HttpCall call, String name, Set<String> allowed) {
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
