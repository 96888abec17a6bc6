package dev.uptally.collector.http;

import dev.uptally.collector.web.StaticContent;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Every GET no other route takes: the dashboard's files from {@link StaticContent}, looked up on the
 * blocking executor (an implementation may read files), gzip when accepted, cache headers by
 * {@link StaticContent.Asset#cacheable()}. Path traversal was already refused by the router.
 */
final class StaticEndpoint implements Endpoint {

  static final String CACHE_LONG = "public, max-age=31536000, immutable";
  static final String CACHE_REVALIDATE = "no-cache";

  private final StaticContent content;
  private final Executor executor;

  /** @param content null: every such GET answers 404 */
  StaticEndpoint(StaticContent content, Executor executor) {
    this.content = content;
    this.executor = executor;
  }

  @Override
  public CompletionStage<HttpReply> handle(HttpCall call) {
    if (content == null) {
      return CompletableFuture.failedFuture(HttpException.notFound("no such resource: " + call.path()));
    }
    return Endpoint.blocking(executor, c -> content.find(c.path())
        .map(asset -> new HttpReply(200, asset.contentType(), asset.body(),
            Map.of("Cache-Control", asset.cacheable() ? CACHE_LONG : CACHE_REVALIDATE)).gzipFor(c))
        .orElseThrow(() -> HttpException.notFound("no such resource: " + c.path()))).handle(call);
  }
}
