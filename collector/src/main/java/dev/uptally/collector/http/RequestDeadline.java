package dev.uptally.collector.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long a request's body may take to arrive ({@code server.requestTimeout}): armed when its headers have
 * passed the gate and the token check, disarmed by the end of its body. When it fires first the request is answered
 * 408 and the connection ends ({@link Rejection}). The idle timer alone cannot do this: a body trickled a byte every
 * few seconds never lets a connection go idle, and would hold it, with up to {@code maxBodyBytes} buffered, for as
 * long as the client likes. With it, a connection's request costs at most the request timeout (plus the header
 * deadline of {@link ConnectionGuard} before it and the linger after). One instance per channel; runs on its event
 * loop only.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {

  private final Duration timeout;
  private final Duration linger;
  private final RejectionListener listener;
  private ScheduledFuture<?> deadline;

  RequestDeadline(Duration timeout, Duration linger, RejectionListener listener) {
    this.timeout = timeout;
    this.linger = linger;
    this.listener = listener;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request && !(msg instanceof LastHttpContent)) {
      arm(ctx, RequestTarget.pathOrNull(request.uri()));
    }
    if (msg instanceof LastHttpContent) {
      disarm();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    disarm();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    disarm();
  }

  private void arm(ChannelHandlerContext ctx, String path) {
    disarm();
    deadline = ctx.executor().schedule(() -> {
      deadline = null;
      if (Rejection.isRejected(ctx.channel()) || !ctx.channel().isActive()) {
        return;
      }
      listener.rejected(path, 408, "timeout");
      Rejection.send(ctx, HttpReply.error(408, "request body not complete within " + timeout.toMillis()
          + " ms of its headers (server.requestTimeout); the connection is closed"), linger);
    }, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void disarm() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }
}
