package dev.uptally.collector.http;

import dev.uptally.collector.access.Caller;
import dev.uptally.collector.access.ClientGate;
import dev.uptally.collector.access.NotVisibleException;
import dev.uptally.collector.access.Scope;
import dev.uptally.collector.access.ScopeRefusedException;
import dev.uptally.collector.api.ApiViews;
import dev.uptally.collector.api.FleetQueries;
import dev.uptally.collector.audit.Actor;
import dev.uptally.collector.audit.AuditAction;
import dev.uptally.collector.audit.AuditLog;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.fleet.LiveState;
import dev.uptally.config.collector.ApiConfig;
import dev.uptally.config.collector.ApiConfig.ApiToken;
import dev.uptally.config.collector.ApiConfig.Role;
import dev.uptally.common.device.OutageCause;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The JSON API v1 ({@code /api/v1/...}) over {@link FleetQueries}. Every route names the least role it
 * needs; the bearer token is checked on the event loop (401 with {@code WWW-Authenticate: Bearer} when
 * missing or unknown, 403 when its role is too low) and the query then runs on the blocking executor,
 * since queries may read storage. Every route declares the query parameters it reads; any other one is a 400
 * naming it (checked after the token, before the query runs). A {@code client} filter naming no configured client
 * is a 404. New routes (operator POSTs such as {@code /api/v1/incidents/{id}/ack}) are one {@link #route} line each.
 *
 * <p>Tenants: every route declares its client {@link Scope}, and {@link ClientGate} enforces it here, once, after the
 * token and the query parameters and before the handler: a token that sees only some clients gets 404 for another
 * client's device, incident or client exactly as for an unknown one, and list handlers are handed a {@link Caller}
 * whose {@link Caller#clients()} is what they may cover. A token's secret may be configured as its SHA-256.
 *
 * <p>Audit: every refusal here (401, 403 for the role or for a scoped token on a route over every client) is handed
 * to the {@link AuditLog} with time, address, method and path, never the presented token; so is a release, which
 * writes nothing else, before it is answered.
 */
public final class ApiHandler {

  private static final Set<String> GROUP_BY = Set.of("model", "class", "client");
  private static final String DEFAULT_GROUP_BY = "client";
  private static final Set<String> DEVICES_PARAMS = ApiHandlerParams.accepted(Set.of("client", "state", "cause", "retired"),
      ApiHandlerParams.PAGE);
  private static final Set<String> RELIABILITY_PARAMS = ApiHandlerParams.accepted(Set.of("groupBy"),
      ApiHandlerParams.WINDOW);

  private final FleetQueries queries;
  private final BearerTokens<ApiToken> tokens;
  private final Executor executor;
  private final Clock clock;
  private final ClientGate gate;
  /** Null: nothing is recorded (a standby, tests of the handler alone). */
  private final AuditLog audit;

  /** Takes any {@code client} filter (as when no clients are known, e.g. in tests of the handler alone). */
  public ApiHandler(ApiConfig config, FleetQueries queries, Executor executor, Clock clock) {
    this(config, queries, executor, clock, null);
  }

  /** @param clientIds the configured clients; a {@code client} filter naming another is a 404; null takes any */
  public ApiHandler(ApiConfig config, FleetQueries queries, Executor executor, Clock clock, Set<String> clientIds) {
    this(config, queries, executor, clock, clientIds, null);
  }

  /** @param audit where refusals and releases are recorded; null for nowhere */
  public ApiHandler(ApiConfig config, FleetQueries queries, Executor executor, Clock clock, Set<String> clientIds,
      AuditLog audit) {
    this.audit = audit;
    List<Map.Entry<byte[], ApiToken>> digests = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ApiToken token : config.tokens()) {
      byte[] digest = token.sha256();
      if (token.token() != null && token.token().isBlank()) {
        throw new IllegalArgumentException("a bearer token must not be blank (API token '" + token.name() + "')");
      }
      if (!seen.add(HexFormat.of().formatHex(digest))) {
        throw new IllegalArgumentException("API token '" + token.name() + "' reuses the secret of another token");
      }
      digests.add(Map.entry(digest, token));
    }
    this.tokens = BearerTokens.ofDigests(digests);
    this.queries = queries;
    this.executor = executor;
    this.clock = clock;
    this.gate = new ClientGate(clientIds);
  }

  public void register(Routes.Builder routes) {
    route(routes, "GET", "/api/v1/devices", Role.VIEWER, Scope.listed(), DEVICES_PARAMS, this::devices);
    route(routes, "GET", "/api/v1/devices/{id}", Role.VIEWER, device("id"), call -> HttpReply.ok(
        queries.device(call.pathParam("id")).orElseThrow(() -> unknownDevice(call))));
    route(routes, "GET", "/api/v1/devices/{id}/timeline", Role.VIEWER, device("id"), ApiHandlerParams.WINDOW, call -> {
      ApiHandlerParams.Window w = ApiHandlerParams.window(call, clock);
      return HttpReply.ok(queries.timeline(call.pathParam("id"), w.fromMillis(), w.toMillis())
          .orElseThrow(() -> unknownDevice(call)));
    });
    route(routes, "GET", "/api/v1/devices/{id}/sla", Role.VIEWER, device("id"), ApiHandlerParams.WINDOW, call -> {
      ApiHandlerParams.Window w = ApiHandlerParams.window(call, clock);
      return HttpReply.ok(queries.sla(call.pathParam("id"), w.fromMillis(), w.toMillis())
          .orElseThrow(() -> unknownDevice(call)));
    });
    route(routes, "GET", "/api/v1/reliability", Role.VIEWER, Scope.listed(), RELIABILITY_PARAMS, this::reliability);
    // an enrolled device id is taken: re-enrolling it needs proof, or this (the machine was reinstalled)
    route(routes, "POST", "/api/v1/devices/{id}/release", Role.OPERATOR, device("id"), this::release);
  }

  /**
   * The scope of a route addressing a device by the path parameter {@code param}: another client's device answers as
   * an unknown one, {@code unknown device 'id'}.
   */
  public Scope device(String param) {
    return Scope.target(param, "device", queries::clientOfDevice);
  }

  /**
   * Adds a route that needs at least {@code role}, is scoped to clients by {@code scope} and takes no query
   * parameter; {@code body} runs on the blocking executor.
   */
  public void route(Routes.Builder routes, String method, String template, Role role, Scope scope,
      Function<HttpCall, HttpReply> body) {
    route(routes, method, template, role, scope, Set.of(), body);
  }

  /**
   * Adds a route that needs at least {@code role}, is scoped to clients by {@code scope} and reads the query
   * parameters {@code params} (any other is a 400); {@code body} runs on the blocking executor.
   */
  public void route(Routes.Builder routes, String method, String template, Role role, Scope scope, Set<String> params,
      Function<HttpCall, HttpReply> body) {
    route(routes, method, template, role, scope, params, (call, caller) -> body.apply(call));
  }

  /**
   * Adds a route that needs at least {@code role}, is scoped by {@code scope}, takes no query parameter, and is told
   * who calls (operator actions record the caller's name; lists cover {@link Caller#clients()}); {@code body} runs on
   * the blocking executor.
   */
  public void route(Routes.Builder routes, String method, String template, Role role, Scope scope,
      BiFunction<HttpCall, Caller, HttpReply> body) {
    route(routes, method, template, role, scope, Set.of(), body);
  }

  /**
   * As {@link #route(Routes.Builder, String, String, Role, Scope, BiFunction)}, reading the query parameters {@code
   * params}. The order of refusals: token (401, 403), query parameters (400), client scope (404, or 403 for a route
   * spanning every client), then whatever the handler answers.
   */
  public void route(Routes.Builder routes, String method, String template, Role role, Scope scope, Set<String> params,
      BiFunction<HttpCall, Caller, HttpReply> body) {
    Set<String> accepted = Set.copyOf(params);
    String name = method + " " + template;
    routes.route(method, template, scope, call -> {
      Caller caller = Caller.of(authorize(call, role));
      ApiHandlerParams.requireOnly(call, accepted);
      // on the blocking executor: finding a target's client may read storage (an incident)
      return Endpoint.blocking(executor, c -> body.apply(c, admit(scope, caller, name, c))).handle(call);
    });
  }

  /** Whether {@code bearer} is an API token that sees only some clients ({@code /metrics} refuses those). */
  public boolean isClientScoped(String bearer) {
    Optional<ApiToken> token = tokens.authenticate(bearer);
    return token.isPresent() && !token.get().seesAllClients();
  }

  private Caller admit(Scope scope, Caller caller, String route, HttpCall call) {
    try {
      return gate.admit(scope, caller, route, call.pathParams(), call.query("client"));
    } catch (NotVisibleException e) {
      throw HttpException.notFound(e.getMessage());
    } catch (ScopeRefusedException e) {
      refused(call, caller.name(), AuditAction.FORBIDDEN, "the token sees only some clients; the route spans all");
      throw new HttpException(403, e.getMessage());
    }
  }

  private ApiToken authorize(HttpCall call, Role needed) {
    Optional<ApiToken> token = tokens.authenticate(call.bearerToken());
    if (token.isEmpty()) {
      refused(call, null, AuditAction.TOKEN_REFUSED, call.bearerToken() == null ? "no token" : "unknown token");
      throw new HttpException(401, "missing or unknown API token (send Authorization: Bearer <token>)",
          Map.of("WWW-Authenticate", "Bearer"));
    }
    ApiToken caller = token.get();
    if (!caller.role().allows(needed)) {
      String message = call.method() + " " + call.path() + " needs role " + name(needed) + ", the token has "
          + name(caller.role());
      refused(call, caller.name(), AuditAction.FORBIDDEN, "needs role " + name(needed) + ", the token has "
          + name(caller.role()));
      throw new HttpException(403, message);
    }
    return caller;
  }

  /** Without blocking: the audit log writes refusals on its own thread. */
  private void refused(HttpCall call, String tokenName, AuditAction action, String detail) {
    if (audit != null) {
      audit.refused(call.receivedAtMillis(), tokenName, call.remoteAddress(), action,
          call.method() + " " + call.path(), detail);
    }
  }

  /** A release is kept in memory only: its audit row is written first, so that none happens unrecorded. */
  private HttpReply release(HttpCall call, Caller who) {
    String id = call.pathParam("id");
    if (queries.device(id).isEmpty()) {
      throw unknownDevice(call);
    }
    if (audit != null) {
      audit.append(new Actor(who.name(), call.remoteAddress()).entry(clock.millis(), AuditAction.DEVICE_RELEASE, id,
          "may enroll again without proof for " + Fleet.RELEASE_MILLIS / 3_600_000 + " h"));
    }
    return HttpReply.ok(queries.releaseForEnrollment(id).orElseThrow(() -> unknownDevice(call)));
  }

  private HttpReply devices(HttpCall call, Caller caller) {
    String state = call.query("state");
    if (state != null) {
      try {
        LiveState.fromWire(state);
      } catch (IllegalArgumentException e) {
        throw HttpException.badRequest("parameter 'state': " + e.getMessage());
      }
    }
    String cause = call.query("cause");
    if (cause != null) {
      try {
        OutageCause.fromWire(cause);
      } catch (IllegalArgumentException e) {
        throw HttpException.badRequest("parameter 'cause': " + e.getMessage());
      }
      if (state != null && !state.equals(LiveState.DOWN.wireName())) {
        throw HttpException.badRequest("parameter 'cause' applies only to state 'down', not '" + state + "'");
      }
    }
    String retired = call.query("retired") != null ? call.query("retired")
        : LiveState.RETIRED.wireName().equals(state) ? "true" : "false";
    if (!Set.of("false", "true", "all").contains(retired)) {
      throw HttpException.badRequest("parameter 'retired' must be false, true or all, got '" + retired + "'");
    }
    ApiHandlerParams.Page page = ApiHandlerParams.page(call);
    List<ApiViews.DeviceView> all = caller.clients().rows(client -> queries.devices(client, state, cause, retired),
        ApiViews.DeviceView::clientId);
    int from = (int) Math.min(all.size(), (long) page.offset());
    int to = (int) Math.min(all.size(), (long) from + page.limit());
    return HttpReply.ok(all.subList(from, to)).withHeader("X-Total-Count", Integer.toString(all.size()));
  }

  private HttpReply reliability(HttpCall call, Caller caller) {
    String groupBy = call.query("groupBy") == null ? DEFAULT_GROUP_BY : call.query("groupBy");
    if (!GROUP_BY.contains(groupBy)) {
      throw HttpException.badRequest("parameter 'groupBy' must be model, class or client, got '" + groupBy + "'");
    }
    ApiHandlerParams.Window w = ApiHandlerParams.window(call, clock);
    return HttpReply.ok(queries.reliability(groupBy, caller.clients()::includes, w.fromMillis(), w.toMillis()));
  }

  private static HttpException unknownDevice(HttpCall call) {
    return HttpException.notFound("unknown device '" + call.pathParam("id") + "'");
  }

  private static String name(Role role) {
    return role.name().toLowerCase(java.util.Locale.ROOT);
  }
}
