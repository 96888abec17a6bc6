package dev.uptally.collector.http;

import dev.uptally.collector.status.RenderedStatus;
import dev.uptally.collector.status.StatusPages;
import dev.uptally.collector.status.TtlMemo;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /status/{slug}} and {@code GET /status/{slug}.json}: a client's public status page, without a token
 * (outside {@code /api/}, so no client scope applies: the page holds aggregates only, see
 * {@link dev.uptally.collector.status.StatusSnapshot}). HTML, or JSON for the {@code .json} path or {@code Accept:
 * application/json}. Served from the page's last computation ({@link StatusPages}) with {@code Cache-Control: public,
 * max-age=} the seconds until it is computed again; gzip when accepted. A slug no client has answers 404 with a plain
 * page (or a JSON error), the same for every guess, before anything is computed.
 */
public final class StatusPageEndpoints implements CollectorServer.ApiRoutes {

  static final String JSON_SUFFIX = ".json";
  private static final byte[] NOT_FOUND_HTML = ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>No such status page</title>\n"
      + "<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\n"
      + "<link rel=\"stylesheet\" href=\"/status.css\">\n</head>\n<body>\n<main class=\"status-page\">\n"
      + "<h1>No such status page</h1>\n<p>There is no status page at this address. Check the link you were given.</p>\n"
      + "</main>\n</body>\n</html>\n").getBytes(StandardCharsets.UTF_8);

  private final StatusPages pages;
  private final Clock clock;

  public StatusPageEndpoints(StatusPages pages, Clock clock) {
    this.pages = pages;
    this.clock = clock;
  }

  /** Registers outside the API: {@code api} is not used (the pages need no token). */
  @Override
  public void register(ApiHandler api, Routes.Builder routes) {
    routes.get("/status/{slug}", this::page);
  }

  private CompletionStage<HttpReply> page(HttpCall call) {
    String slug = call.pathParam("slug");
    boolean json = slug.endsWith(JSON_SUFFIX) || wantsJson(call.header("Accept"));
    String bare = slug.endsWith(JSON_SUFFIX) ? slug.substring(0, slug.length() - JSON_SUFFIX.length()) : slug;
    return pages.page(bare)
        .<CompletionStage<HttpReply>>map(page -> page.thenApply(computed -> reply(call, computed, json)))
        .orElseGet(() -> CompletableFuture.completedFuture(json
            ? HttpReply.error(404, "no such status page")
            : new HttpReply(404, "text/html; charset=utf-8", NOT_FOUND_HTML, Map.of())));
  }

  private HttpReply reply(HttpCall call, TtlMemo.Computed<RenderedStatus> computed, boolean json) {
    RenderedStatus page = computed.value();
    boolean gzip = call.acceptsGzip();
    byte[] body = json ? (gzip ? page.jsonGzip() : page.json()) : (gzip ? page.htmlGzip() : page.html());
    long ageSeconds = Math.max(0, (clock.millis() - computed.computedAt().toEpochMilli()) / 1000);
    long maxAge = Math.max(0, pages.ttl().toSeconds() - ageSeconds);
    HttpReply reply = new HttpReply(200, json ? HttpReply.JSON : "text/html; charset=utf-8", body, Map.of())
        .withHeader("Cache-Control", "public, max-age=" + maxAge)
        .withHeader("Vary", "Accept, Accept-Encoding");
    return gzip ? reply.withHeader("Content-Encoding", "gzip") : reply;
  }

  /** JSON when the client asks for it before (or instead of) HTML; a browser's Accept names text/html first. */
  static boolean wantsJson(String accept) {
    if (accept == null) {
      return false;
    }
    String a = accept.toLowerCase(Locale.ROOT);
    int jsonAt = a.indexOf("application/json");
    int htmlAt = a.indexOf("text/html");
    return jsonAt >= 0 && (htmlAt < 0 || jsonAt < htmlAt);
  }
}
