package dev.uptally.collector.http;

import dev.uptally.collector.access.Scope;
import dev.uptally.collector.audit.AuditAction;
import dev.uptally.collector.audit.AuditEntry;
import dev.uptally.collector.audit.AuditLog;
import dev.uptally.collector.audit.AuditQuery;
import dev.uptally.config.collector.ApiConfig.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/audit?from=&to=&action=&limit=&offset=} (admin, every client: a token scoped to clients gets 403,
 * since the log spans them all): the audit rows of the window, by default the last {@value #DEFAULT_WINDOW_DAYS} days,
 * newest first ({@code to} defaults to no end, {@code from} to 7 days before {@code to} or now), at most {@value #DEFAULT_LIMIT} a page (up to {@value #MAX_LIMIT}), with {@code X-Total-Count}.
 */
final class AuditEndpoints implements CollectorServer.ApiRoutes {

  static final int DEFAULT_WINDOW_DAYS = 7;
  static final int DEFAULT_LIMIT = 500;
  static final int MAX_LIMIT = 5000;
  private static final Duration DEFAULT_WINDOW = Duration.ofDays(DEFAULT_WINDOW_DAYS);
  private static final Set<String> PARAMS = ApiHandlerParams.accepted(ApiHandlerParams.WINDOW, ApiHandlerParams.PAGE,
      Set.of("action"));

  private final AuditLog audit;
  private final Clock clock;

  AuditEndpoints(AuditLog audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  /** One row as the API shows it; {@code tokenName} is null for a refused token. */
  record EntryView(long id, Instant at, String tokenName, String address, String action, String target,
      String detail) {
    static EntryView of(AuditEntry e) {
      return new EntryView(e.id(), Instant.ofEpochMilli(e.atMillis()), e.tokenName(), e.address(),
          e.action().wireName(), e.target(), e.detail());
    }
  }

  @Override
  public void register(ApiHandler api, Routes.Builder routes) {
    api.route(routes, "GET", "/api/v1/audit", Role.ADMIN, Scope.everyClient(), PARAMS, (call, who) -> {
      ApiHandlerParams.Window w = window(call);
      ApiHandlerParams.Page page = ApiHandlerParams.page(call, DEFAULT_LIMIT, MAX_LIMIT);
      AuditQuery query = new AuditQuery(w.fromMillis(), w.toMillis(), action(call), page.limit(), page.offset());
      List<EntryView> rows = audit.entries(query).stream().map(EntryView::of).toList();
      return HttpReply.ok(rows).withHeader("X-Total-Count", Long.toString(audit.count(query)));
    });
  }

  /**
   * As {@link ApiHandlerParams#window}, but without {@code to} the window has no end: a row written at this very
   * millisecond (the answer to an action just taken) is in it.
   */
  private ApiHandlerParams.Window window(HttpCall call) {
    if (call.query("to") != null) {
      return ApiHandlerParams.window(call, clock, DEFAULT_WINDOW);
    }
    Instant from = ApiHandlerParams.instant(call, "from");
    long now = clock.millis();
    long fromMillis = from == null ? now - DEFAULT_WINDOW.toMillis() : from.toEpochMilli();
    if (fromMillis > now) {
      throw HttpException.badRequest("parameter 'from' (" + from + ") is in the future (now is "
          + Instant.ofEpochMilli(now) + ")");
    }
    return new ApiHandlerParams.Window(fromMillis, Long.MAX_VALUE);
  }

  private static AuditAction action(HttpCall call) {
    String value = call.query("action");
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return AuditAction.fromWire(value);
    } catch (IllegalArgumentException e) {
      throw HttpException.badRequest("parameter 'action': " + e.getMessage());
    }
  }
}
