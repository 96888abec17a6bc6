package dev.uptally.collector.http;

import dev.uptally.collector.limits.AuthFailureLimiter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.Locale;

/**
 * First look at each request, before any body is buffered: answers what the codec could not parse
 * (414 request line too long, 431 headers too large, 400 otherwise), a request target that is not plain origin-form
 * (400, see {@link RequestTarget}; before any routing or token check), refuses bodies that are not JSON
 * (415; a POST that declares no body, or {@code Content-Length: 0}, needs no Content-Type: an operator action's
 * optional note may be left out), encodings other than gzip (415) and a declared {@code Content-Length} above the body cap
 * (413), and a token-checked path from an address that presented too many wrong tokens (429, see
 * {@link AuthFailureLimiter}). After a rejection every further byte of the connection is dropped (see {@link Rejection}).
 */
final class RequestGate extends ChannelInboundHandlerAdapter {

  private final long maxBodyBytes;
  private final Duration linger;
  private final RejectionListener listener;
  private final AuthFailureLimiter authFailures;

  RequestGate(long maxBodyBytes, Duration linger, RejectionListener listener, AuthFailureLimiter authFailures) {
    this.maxBodyBytes = maxBodyBytes;
    this.linger = linger;
    this.listener = listener;
    this.authFailures = authFailures;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (Rejection.isRejected(ctx.channel())) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      String refusal = check(ctx, request);
      if (refusal != null) {
        ReferenceCountUtil.release(msg);
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  /** Null when the request may pass, else the rejection already sent. */
  private String check(ChannelHandlerContext ctx, HttpRequest request) {
    DecoderResult result = request.decoderResult();
    if (result.isFailure()) {
      Throwable cause = result.cause();
      if (cause instanceof TooLongHttpLineException) {
        return reject(ctx, null, 414, "too_large", "request line longer than " + CollectorServer.MAX_INITIAL_LINE_BYTES
            + " bytes");
      }
      if (cause instanceof TooLongHttpHeaderException) {
        return reject(ctx, null, 431, "too_large", "request headers larger than " + CollectorServer.MAX_HEADER_BYTES
            + " bytes");
      }
      return reject(ctx, null, 400, "malformed", "malformed HTTP request: " + cause.getMessage());
    }
    RequestTarget target;
    try {
      target = RequestTarget.parse(request.uri());
    } catch (HttpException e) {
      return reject(ctx, null, 400, "malformed", e.getMessage());
    }
    String path = target.path();
    if (TokenPaths.guarded(target, authFailures.metricsToken())) {
      long wait = authFailures.retryAfterSeconds(ClientAddress.of(ctx.channel()));
      if (wait > 0) {
        return reject(ctx, path, HttpReply.error(429, "too many failed tokens from this address; retry after " + wait
            + " s").withHeader("Retry-After", Long.toString(wait)), "rate_limited");
      }
    }
    if (hasBody(request.method()) && mayCarryBytes(request)) {
      String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
      if (type == null || !mediaType(type).equals("application/json")) {
        return reject(ctx, path, 415, "unsupported_media_type",
            "Content-Type must be application/json, got " + (type == null ? "none" : "'" + type + "'"));
      }
    }
    String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    if (encoding != null && !GzipBodyDecoder.isSupported(encoding)) {
      return reject(ctx, path, 415, "unsupported_media_type",
          "Content-Encoding '" + encoding + "' is not supported (use gzip or none)");
    }
    String expect = request.headers().get(HttpHeaderNames.EXPECT);
    if (expect != null && !expect.strip().equalsIgnoreCase("100-continue")) {
      // answered here, as every refusal, with a JSON body: Netty's aggregator would send a bare 417 (found by fuzzing)
      return reject(ctx, path, 417, "malformed", "Expect '"
          + (expect.length() <= 64 ? expect : expect.substring(0, 64) + "...") + "' is not supported (only 100-continue)");
    }
    long length = HttpUtil.getContentLength(request, -1L);
    if (length > maxBodyBytes) {
      return reject(ctx, path, 413, "too_large",
          "request body of " + length + " bytes exceeds the limit of " + maxBodyBytes + " bytes");
    }
    return null;
  }

  private String reject(ChannelHandlerContext ctx, String path, int status, String reason, String message) {
    return reject(ctx, path, HttpReply.error(status, message), reason);
  }

  private String reject(ChannelHandlerContext ctx, String path, HttpReply reply, String reason) {
    listener.rejected(path, reply.status(), reason);
    Rejection.send(ctx, reply, linger);
    return reason;
  }

  private static boolean hasBody(HttpMethod method) {
    return method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.PATCH);
  }

  /**
   * Whether body bytes may follow: a positive {@code Content-Length}, or a transfer coding (chunked), whose length
   * cannot be known before buffering — so a chunked body still needs its JSON type even when it turns out empty.
   */
  private static boolean mayCarryBytes(HttpRequest request) {
    return HttpUtil.getContentLength(request, 0L) != 0L || request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING);
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }
}
