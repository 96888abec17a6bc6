package dev.uptally.collector.http;

import dev.uptally.collector.audit.AuditAction;
import dev.uptally.collector.audit.AuditLog;
import dev.uptally.collector.ingest.HeartbeatIngest;
import dev.uptally.collector.ingest.IngestService;
import dev.uptally.collector.metrics.MetricsEndpoint;
import dev.uptally.collector.metrics.Scrape;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Operations endpoints: {@code /healthz} (the process answers), {@code /readyz} (ingest is ready; 503 with
 * {@code Retry-After} while storage commits fail) and
 * {@code /metrics} (the scrape, written on the blocking executor, protected by {@code
 * server.metricsToken} when one is set; an API token scoped to clients is refused there with 403). Health and
 * readiness never need a token. A refused token on {@code /metrics} is recorded in the audit log, when there is one.
 */
final class OpsEndpoints {

  private final IngestService ingest;
  private final MetricsEndpoint metrics;
  private final BearerTokens<Boolean> metricsToken;
  private final Predicate<String> clientScoped;
  private final Executor executor;
  /** Null: refusals are not recorded. */
  private final AuditLog audit;

  /**
   * @param metricsToken null when {@code /metrics} is open
   * @param clientScoped whether a bearer token is an API token that sees only some clients: refused with 403 on a
   *     protected {@code /metrics}, which holds the series of every client
   * @param audit where refused tokens are recorded; null for nowhere
   */
  OpsEndpoints(IngestService ingest, MetricsEndpoint metrics, String metricsToken, Predicate<String> clientScoped,
      Executor executor, AuditLog audit) {
    this.audit = audit;
    this.ingest = ingest;
    this.metrics = metrics;
    if (metricsToken != null && metricsToken.isBlank()) {
      throw new IllegalArgumentException("server.metricsToken is blank: remove it to leave /metrics open, or set a "
          + "secret (an unset ${ENV} variable?)");
    }
    this.metricsToken = metricsToken == null ? null : new BearerTokens<>(Map.of(metricsToken, Boolean.TRUE));
    this.clientScoped = clientScoped;
    this.executor = executor;
  }

  void register(Routes.Builder routes) {
    routes.get("/healthz", Endpoint.sync(call -> HttpReply.ok(Map.of("status", "ok"))));
    routes.get("/readyz", Endpoint.sync(call -> readiness()));
    routes.get("/metrics", this::metrics);
  }

  /** Failing storage is named (no file path: that is in the log) and says when to look again. */
  private HttpReply readiness() {
    if (ingest.standby()) {
      return HttpReply.json(503, Map.of("status", "standby"))
          .withHeader("Retry-After", Integer.toString(IngestService.STANDBY_RETRY_SECONDS));
    }
    if (ingest.storageFailing()) {
      return HttpReply.json(503, Map.of("status", "storage unavailable"))
          .withHeader("Retry-After", Integer.toString(HeartbeatIngest.STORAGE_RETRY_SECONDS));
    }
    return ingest.ready() ? HttpReply.ok(Map.of("status", "ready")) : HttpReply.json(503, Map.of("status", "not ready"));
  }

  private java.util.concurrent.CompletionStage<HttpReply> metrics(HttpCall call) {
    if (metricsToken != null && metricsToken.authenticate(call.bearerToken()).isEmpty()) {
      if (clientScoped.test(call.bearerToken())) {
        refused(call, AuditAction.FORBIDDEN, "an API token scoped to clients");
        throw new HttpException(403, "/metrics holds the series of every client; an API token scoped to clients may "
            + "not read it (it needs the metrics bearer token)");
      }
      refused(call, AuditAction.TOKEN_REFUSED, call.bearerToken() == null ? "no token" : "not the metrics token");
      throw unauthorized("/metrics needs the metrics bearer token");
    }
    return Endpoint.blocking(executor, c -> {
      // the endpoint compresses a scrape itself (fast deflate level); gzipFor then only adds Vary
      Scrape scrape = metrics.scrape(c.header("Accept"), c.acceptsGzip());
      Map<String, String> headers = scrape.gzipped() ? Map.of("Content-Encoding", "gzip") : Map.of();
      return new HttpReply(200, scrape.contentType(), scrape.body(), headers).gzipFor(c);
    }).handle(call);
  }

  /** Time, address, method and path; never the presented token. */
  private void refused(HttpCall call, AuditAction action, String detail) {
    if (audit != null) {
      audit.refused(call.receivedAtMillis(), null, call.remoteAddress(), action, call.method() + " " + call.path(),
          detail);
    }
  }

  static HttpException unauthorized(String message) {
    return new HttpException(401, message, Map.of("WWW-Authenticate", "Bearer"));
  }
}
