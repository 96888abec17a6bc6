package dev.uptally.collector.http;

import dev.uptally.collector.limits.AuthFailureLimiter;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Dispatches a complete request to its endpoint and writes the endpoint's reply when its stage
 * completes (on whatever thread that is: {@code writeAndFlush} is thread-safe). Never blocks the
 * event loop. Unknown path 404, known path with another method 405, a target that is not origin-form 400
 * ({@link RequestTarget}, already refused by the gate), endpoint
 * failures mapped by {@link #failureReply}; a 401 on a token-checked path counts against the client address
 * ({@link AuthFailureLimiter}). Sharable: it keeps no per-connection state.
 */
@io.netty.channel.ChannelHandler.Sharable
final class RouterHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final System.Logger LOG = System.getLogger(RouterHandler.class.getName());

  private final Routes routes;
  private final Clock clock;
  private final AuthFailureLimiter authFailures;

  RouterHandler(Routes routes, Clock clock, AuthFailureLimiter authFailures) {
    this.routes = routes;
    this.clock = clock;
    this.authFailures = authFailures;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    HttpVersion version = request.protocolVersion();
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    RequestTarget target = null;
    CompletionStage<HttpReply> stage;
    try {
      // the gate refused every target this throws for; parsed again from the same function, never another
      target = RequestTarget.parse(request.uri());
      long wait = TokenPaths.guarded(target, authFailures.metricsToken())
          ? authFailures.retryAfterSeconds(ClientAddress.of(ctx.channel())) : 0;
      // checked again here, not only in the gate: requests pipelined behind a slow one passed the gate together
      stage = wait > 0 ? CompletableFuture.completedFuture(HttpReply.error(429, "too many failed tokens from this"
          + " address; retry after " + wait + " s").withHeader("Retry-After", Long.toString(wait)))
          : dispatch(ctx, request, target);
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    boolean guarded = target != null && TokenPaths.guarded(target, authFailures.metricsToken());
    stage.whenComplete((reply, failure) -> {
      HttpReply answer = failure == null && reply != null ? reply : failureReply(request.method().name(), failure);
      if (answer.status() == 401 && guarded) {
        authFailures.failed(ClientAddress.of(ctx.channel()));
      }
      FullHttpResponse response = Responses.toNetty(answer, version, keepAlive);
      var written = ctx.writeAndFlush(response);
      if (!keepAlive) {
        written.addListener(ChannelFutureListener.CLOSE);
      }
    });
  }

  private CompletionStage<HttpReply> dispatch(ChannelHandlerContext ctx, FullHttpRequest request,
      RequestTarget target) {
    String method = request.method().name().toUpperCase(Locale.ROOT);
    java.net.InetAddress peer = ClientAddress.of(ctx.channel());
    HttpCall call = new HttpCall(method, target.path(), target.query(), Map.of(), request.headers(),
        ByteBufUtil.getBytes(request.content()), clock.millis(), peer == null ? null : peer.getHostAddress());
    return routes.dispatch(call);
  }

  /** Reached only by I/O and protocol errors nobody before handled: the connection is done. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(System.Logger.Level.DEBUG, () -> "closing connection from " + ctx.channel().remoteAddress()
        + " after " + cause);
    ctx.close();
  }

  static HttpReply failureReply(String method, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof HttpException http) {
      HttpReply reply = HttpReply.error(http.status(), http.getMessage());
      for (Map.Entry<String, String> header : http.headers().entrySet()) {
        reply = reply.withHeader(header.getKey(), header.getValue());
      }
      return reply;
    }
    if (cause instanceof RejectedExecutionException) {
      return HttpReply.error(503, "server busy, retry shortly").withHeader("Retry-After", "1");
    }
    LOG.log(System.Logger.Level.ERROR, "unexpected failure answering a " + method + " request", cause);
    return HttpReply.error(500, "internal error");
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t == null ? new IllegalStateException("endpoint completed without a reply") : t;
  }
}
