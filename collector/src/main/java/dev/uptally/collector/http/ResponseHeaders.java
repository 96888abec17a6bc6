package dev.uptally.collector.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Adds the security headers to every response, whichever handler wrote it: a strict
 * {@code Content-Security-Policy}, {@code X-Content-Type-Options: nosniff}, and {@code Cache-Control:
 * no-store} unless the response chose its own caching.
 */
@Sharable
final class ResponseHeaders extends ChannelOutboundHandlerAdapter {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response) {
      HttpHeaders headers = response.headers();
      headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      headers.set("X-Content-Type-Options", "nosniff");
      if (!headers.contains("Cache-Control")) {
        headers.set("Cache-Control", "no-store");
      }
    }
    ctx.write(msg, promise);
  }
}
