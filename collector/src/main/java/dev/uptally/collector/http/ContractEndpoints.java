package dev.uptally.collector.http;

import dev.uptally.collector.incident.ContractQueries;
import dev.uptally.collector.incident.Incident;
import dev.uptally.config.collector.ApiConfig;
import dev.uptally.config.collector.ApiConfig.ApiToken;
import dev.uptally.config.collector.ApiConfig.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * The contract routes of API v1: {@code GET /api/v1/violations?client=&party=&from=&to=} and
 * {@code GET /api/v1/incidents?state=&client=&from=&to=} (viewer), {@code POST /api/v1/incidents/{id}/ack} and
 * {@code …/resolve} (operator, optional body {@code {"note":"…"}}), answering the {@code Incident} after the change.
 * Like {@code ApiHandler}, the token is checked on the event loop and the work runs on the blocking executor; the
 * token's <em>name</em> is what an acknowledgement or resolution records as who did it.
 */
public final class ContractEndpoints {

  static final int MAX_NOTE_CHARS = 2000;
  private static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
  private static final Set<String> PARTIES = Set.of("customer", "msp");
  private static final Set<String> STATES = Set.of("open", "acknowledged", "resolved");

  private final ContractQueries contracts;
  private final BearerTokens<ApiToken> tokens;
  private final Executor executor;
  private final Clock clock;

  public ContractEndpoints(ApiConfig config, ContractQueries contracts, Executor executor, Clock clock) {
    Map<String, ApiToken> secrets = new LinkedHashMap<>();
    for (ApiToken token : config.tokens()) {
      if (secrets.put(token.token(), token) != null) {
        throw new IllegalArgumentException("API token '" + token.name() + "' reuses the secret of another token");
      }
    }
    this.tokens = new BearerTokens<>(secrets);
    this.contracts = contracts;
    this.executor = executor;
    this.clock = clock;
  }

  public void register(Routes.Builder routes) {
    route(routes, "GET", "/api/v1/violations", Role.VIEWER, (call, who) -> {
      String party = oneOf(call, "party", PARTIES);
      Instant to = instant(call, "to");
      to = to == null ? clock.instant() : to;
      Instant from = instant(call, "from");
      from = from == null ? to.minus(DEFAULT_WINDOW) : from;
      requireOrder(from, to);
      return HttpReply.ok(contracts.violations(call.query("client"), party, from.toEpochMilli(), to.toEpochMilli()));
    });
    route(routes, "GET", "/api/v1/incidents", Role.VIEWER, (call, who) -> {
      String state = oneOf(call, "state", STATES);
      Instant from = instant(call, "from");
      Instant to = instant(call, "to");
      long fromMillis = from == null ? Long.MIN_VALUE : from.toEpochMilli();
      long toMillis = to == null ? Long.MAX_VALUE : to.toEpochMilli();
      if (from != null && to != null) {
        requireOrder(from, to);
      }
      return HttpReply.ok(contracts.incidents(state, call.query("client"), fromMillis, toMillis));
    });
    route(routes, "GET", "/api/v1/incidents/{id}", Role.VIEWER,
        (call, who) -> HttpReply.ok(found(call, contracts.incident(call.pathParam("id")))));
    route(routes, "POST", "/api/v1/incidents/{id}/ack", Role.OPERATOR, (call, who) -> HttpReply.ok(
        found(call, contracts.acknowledge(call.pathParam("id"), who.name(), note(call)))));
    route(routes, "POST", "/api/v1/incidents/{id}/resolve", Role.OPERATOR, (call, who) -> HttpReply.ok(
        found(call, contracts.resolve(call.pathParam("id"), who.name(), note(call)))));
  }

  private void route(Routes.Builder routes, String method, String template, Role needed,
      BiFunction<HttpCall, ApiToken, HttpReply> body) {
    routes.route(method, template, call -> authorize(call, needed, body));
  }

  private CompletionStage<HttpReply> authorize(HttpCall call, Role needed,
      BiFunction<HttpCall, ApiToken, HttpReply> body) {
    ApiToken who = tokens.authenticate(call.bearerToken()).orElseThrow(() -> new HttpException(401,
        "missing or unknown API token (send Authorization: Bearer <token>)", Map.of("WWW-Authenticate", "Bearer")));
    if (!who.role().allows(needed)) {
      throw new HttpException(403, call.method() + " " + call.path() + " needs role " + name(needed)
          + ", the token has " + name(who.role()));
    }
    return Endpoint.blocking(executor, c -> body.apply(c, who)).handle(call);
  }

  /** The body's optional note: no body, or {@code {"note": "…"}} with at most {@value #MAX_NOTE_CHARS} characters. */
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

  private static void requireOrder(Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw HttpException.badRequest("parameter 'from' (" + from + ") must be before 'to' (" + to + ")");
    }
  }

  /** An ISO-8601 instant, date-time with offset, or date (midnight UTC); null when absent. */
  private static Instant instant(HttpCall call, String name) {
    String raw = call.query(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String value = raw.trim().replace(' ', '+');
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (value.endsWith("Z") || value.endsWith("z")) {
        return Instant.parse(value.toUpperCase(Locale.ROOT));
      }
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw HttpException.badRequest("parameter '" + name + "' is not an ISO-8601 instant or date: '" + raw
          + "' (e.g. 2026-11-01T00:00:00Z or 2026-11-01)");
    }
  }

  private static String name(Role role) {
    return role.name().toLowerCase(Locale.ROOT);
  }
}
