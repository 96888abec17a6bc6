package dev.uptally.collector.api;

import dev.uptally.collector.fleet.LiveState;
import dev.uptally.collector.http.BearerTokens;
import dev.uptally.collector.http.Endpoint;
import dev.uptally.collector.http.HttpCall;
import dev.uptally.collector.http.HttpException;
import dev.uptally.collector.http.HttpReply;
import dev.uptally.collector.http.Routes;
import dev.uptally.config.collector.ApiConfig;
import dev.uptally.config.collector.ApiConfig.ApiToken;
import dev.uptally.config.collector.ApiConfig.Role;
import dev.uptally.common.device.OutageCause;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * is a 404 (see {@link #client}). New routes (operator POSTs such as {@code /api/v1/incidents/{id}/ack}) are one
 * {@link #route} line each.
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
  private final Set<String> clientIds;

  /** Takes any {@code client} filter (as when no clients are known, e.g. in tests of the handler alone). */
  public ApiHandler(ApiConfig config, FleetQueries queries, Executor executor, Clock clock) {
    this(config, queries, executor, clock, null);
  }

  /** @param clientIds the configured clients; a {@code client} filter naming another is a 404; null takes any */
  public ApiHandler(ApiConfig config, FleetQueries queries, Executor executor, Clock clock, Set<String> clientIds) {
    Map<String, ApiToken> secrets = new LinkedHashMap<>();
    for (ApiToken token : config.tokens()) {
      if (secrets.put(token.token(), token) != null) {
        throw new IllegalArgumentException("API token '" + token.name() + "' reuses the secret of another token");
      }
    }
    this.tokens = new BearerTokens<>(secrets);
    this.queries = queries;
    this.executor = executor;
    this.clock = clock;
    this.clientIds = clientIds == null ? null : Set.copyOf(clientIds);
  }

  public void register(Routes.Builder routes) {
    route(routes, "GET", "/api/v1/devices", Role.VIEWER, DEVICES_PARAMS, this::devices);
    route(routes, "GET", "/api/v1/devices/{id}", Role.VIEWER, call -> HttpReply.ok(
        queries.device(call.pathParam("id")).orElseThrow(() -> unknownDevice(call))));
    route(routes, "GET", "/api/v1/devices/{id}/timeline", Role.VIEWER, ApiHandlerParams.WINDOW, call -> {
      ApiHandlerParams.Window w = ApiHandlerParams.window(call, clock);
      return HttpReply.ok(queries.timeline(call.pathParam("id"), w.fromMillis(), w.toMillis())
          .orElseThrow(() -> unknownDevice(call)));
    });
    route(routes, "GET", "/api/v1/devices/{id}/sla", Role.VIEWER, ApiHandlerParams.WINDOW, call -> {
      ApiHandlerParams.Window w = ApiHandlerParams.window(call, clock);
      return HttpReply.ok(queries.sla(call.pathParam("id"), w.fromMillis(), w.toMillis())
          .orElseThrow(() -> unknownDevice(call)));
    });
    route(routes, "GET", "/api/v1/reliability", Role.VIEWER, RELIABILITY_PARAMS, this::reliability);
    // an enrolled device id is taken: re-enrolling it needs proof, or this (the machine was reinstalled)
    route(routes, "POST", "/api/v1/devices/{id}/release", Role.OPERATOR, call -> HttpReply.ok(
        queries.releaseForEnrollment(call.pathParam("id")).orElseThrow(() -> unknownDevice(call))));
  }

  /**
   * Adds a route that needs at least {@code role} and takes no query parameter; {@code body} runs on the blocking
   * executor.
   */
  public void route(Routes.Builder routes, String method, String template, Role role,
      Function<HttpCall, HttpReply> body) {
    route(routes, method, template, role, Set.of(), body);
  }

  /**
   * Adds a route that needs at least {@code role} and reads the query parameters {@code params} (any other is a
   * 400); {@code body} runs on the blocking executor.
   */
  public void route(Routes.Builder routes, String method, String template, Role role, Set<String> params,
      Function<HttpCall, HttpReply> body) {
    route(routes, method, template, role, params, (call, caller) -> body.apply(call));
  }

  /**
   * Adds a route that needs at least {@code role}, takes no query parameter, and is told who calls (operator
   * actions record the token's name); {@code body} runs on the blocking executor.
   */
  public void route(Routes.Builder routes, String method, String template, Role role,
      BiFunction<HttpCall, ApiToken, HttpReply> body) {
    route(routes, method, template, role, Set.of(), body);
  }

  /** As {@link #route(Routes.Builder, String, String, Role, BiFunction)}, reading the query parameters {@code params}. */
  public void route(Routes.Builder routes, String method, String template, Role role, Set<String> params,
      BiFunction<HttpCall, ApiToken, HttpReply> body) {
    Set<String> accepted = Set.copyOf(params);
    routes.route(method, template, call -> {
      ApiToken caller = authorize(call, role);
      ApiHandlerParams.requireOnly(call, accepted);
      return Endpoint.blocking(executor, c -> body.apply(c, caller)).handle(call);
    });
  }

  /**
   * The call's {@code client} filter: null when absent or blank (all clients), else a configured client's id.
   *
   * @throws HttpException 404 when it names no configured client
   */
  public String client(HttpCall call) {
    String client = call.query("client");
    if (client == null || client.isBlank()) {
      return null;
    }
    if (clientIds != null && !clientIds.contains(client)) {
      throw HttpException.notFound("unknown client '" + client + "'");
    }
    return client;
  }

  private ApiToken authorize(HttpCall call, Role needed) {
    ApiToken caller = tokens.authenticate(call.bearerToken()).orElseThrow(() -> new HttpException(401,
        "missing or unknown API token (send Authorization: Bearer <token>)", Map.of("WWW-Authenticate", "Bearer")));
    if (!caller.role().allows(needed)) {
      throw new HttpException(403, call.method() + " " + call.path() + " needs role " + name(needed)
          + ", the token has " + name(caller.role()));
    }
    return caller;
  }

  private HttpReply devices(HttpCall call) {
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
    List<ApiViews.DeviceView> all = queries.devices(client(call), state, cause, retired);
    int from = (int) Math.min(all.size(), (long) page.offset());
    int to = (int) Math.min(all.size(), (long) from + page.limit());
    return HttpReply.ok(all.subList(from, to)).withHeader("X-Total-Count", Integer.toString(all.size()));
  }

  private HttpReply reliability(HttpCall call) {
    String groupBy = call.query("groupBy") == null ? DEFAULT_GROUP_BY : call.query("groupBy");
    if (!GROUP_BY.contains(groupBy)) {
      throw HttpException.badRequest("parameter 'groupBy' must be model, class or client, got '" + groupBy + "'");
    }
    ApiHandlerParams.Window w = ApiHandlerParams.window(call, clock);
    return HttpReply.ok(queries.reliability(groupBy, w.fromMillis(), w.toMillis()));
  }

  private static HttpException unknownDevice(HttpCall call) {
    return HttpException.notFound("unknown device '" + call.pathParam("id") + "'");
  }

  private static String name(Role role) {
    return role.name().toLowerCase(java.util.Locale.ROOT);
  }
}
