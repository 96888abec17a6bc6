package dev.uptally.collector.http;

import dev.uptally.collector.access.Scope;
import dev.uptally.collector.portal.PortalSummaries;
import dev.uptally.config.collector.ApiConfig.Role;
import dev.uptally.config.collector.ClientConfig;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

/**
 * The client portal's data (role viewer, both read-only):
 *
 * <ul>
 *   <li>{@code GET /portal} — a redirect to the portal's page, {@code /portal/} (static, {@code web/portal/}).
 *   <li>{@code GET /api/v1/clients} — the clients the token sees: {@code [{id, name, timezone}]} (a client-scoped
 *       token, its own; {@code ?client=} narrows as on every list).
 *   <li>{@code GET /api/v1/clients/{id}/summary?month=YYYY-MM} — the client's month ({@link
 *       dev.uptally.collector.portal.PortalSummary}); without {@code month}, the month in progress in the client's
 *       zone. 400 for a month that is malformed or has not begun, 404 for an unknown (or another client's) client.
 * </ul>
 */
public final class PortalEndpoints implements CollectorServer.ApiRoutes {

  /** A client as the portal's picker lists it. */
  public record ClientView(String id, String name, String timezone) {}

  private final PortalSummaries summaries;
  private final List<ClientConfig> clients;

  public PortalEndpoints(PortalSummaries summaries, List<ClientConfig> clients) {
    this.summaries = summaries;
    this.clients = List.copyOf(clients);
  }

  @Override
  public void register(ApiHandler api, Routes.Builder routes) {
    // the page itself is static (web/portal/index.html), addressed as a folder so that its relative links resolve
    routes.get("/portal", Endpoint.sync(call -> new HttpReply(308, "text/plain; charset=utf-8",
        "/portal/".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of("Location", "/portal/"))));
    api.route(routes, "GET", "/api/v1/clients", Role.VIEWER, Scope.listed(), Set.of("client"), (call, who) ->
        HttpReply.ok(clients.stream().filter(c -> who.clients().includes(c.id()))
            .map(c -> new ClientView(c.id(), c.name(), c.timezone().getId())).toList()));
    api.route(routes, "GET", "/api/v1/clients/{id}/summary", Role.VIEWER, Scope.clientPath("id"), Set.of("month"),
        this::summary);
  }

  private HttpReply summary(HttpCall call) {
    String client = call.pathParam("id");
    ZonedDateTime now = summaries.clientNow(client)
        .orElseThrow(() -> HttpException.notFound("unknown client '" + client + "'"));
    YearMonth month = call.query("month") == null ? YearMonth.from(now) : ReportEndpoints.month(call.query("month"));
    if (month.isAfter(YearMonth.from(now))) {
      throw HttpException.badRequest("month " + month + " has not begun (it is " + now.toLocalDate() + " in "
          + now.getZone().getId() + ", the client's time zone)");
    }
    return HttpReply.ok(summaries.summary(client, month)
        .orElseThrow(() -> HttpException.notFound("unknown client '" + client + "'"))).gzipFor(call);
  }
}
