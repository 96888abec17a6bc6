package dev.uptally.collector.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Connection lifecycle. Closes a connection that is silent for the idle time (from the
 * {@code IdleStateHandler} before it) unless a request it sent is still being answered (a slow
 * storage write must not cut the agent off); closes a connection whose next request line and headers
 * are not complete within the idle time even if bytes trickle in (slow-header attacks keep a
 * reader-idle timer from ever firing); and on {@link #DRAIN} (server shutdown) closes idle
 * connections at once and the others after their current response, which it marks {@code
 * Connection: close}. One instance per channel; runs on the channel's event loop only.
 */
final class ConnectionGuard extends ChannelDuplexHandler {

  /** User event fired on every open connection when the server stops. */
  static final Object DRAIN = new Object() {
    @Override
    public String toString() {
      return "DRAIN";
    }
  };

  private final long headerTimeoutMillis;
  /** Requests whose headers arrived and whose response is not yet written. */
  private int open;
  /** True between a request's headers and the end of its body. */
  private boolean receiving;
  private boolean draining;
  private ScheduledFuture<?> headerDeadline;

  ConnectionGuard(Duration headerTimeout) {
    this.headerTimeoutMillis = headerTimeout.toMillis();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    armHeaderDeadline(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      armHeaderDeadline(ctx);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    disarmHeaderDeadline();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      open++;
      receiving = true;
      disarmHeaderDeadline();
    }
    if (msg instanceof LastHttpContent) {
      receiving = false;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean informational = msg instanceof HttpResponse response
        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    boolean ends = msg instanceof LastHttpContent && !informational;
    if (draining && msg instanceof HttpResponse response && !informational) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    if (ends && open > 0) {
      open--;
    }
    ctx.write(msg, promise);
    if (ends && open == 0) {
      if (draining) {
        promise.addListener(ChannelFutureListener.CLOSE);
      } else {
        armHeaderDeadline(ctx);
      }
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      if (open == 0 || receiving) {
        ctx.close();
      }
      return;
    }
    if (evt == DRAIN) {
      draining = true;
      if (open == 0) {
        ctx.close();
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  private void armHeaderDeadline(ChannelHandlerContext ctx) {
    disarmHeaderDeadline();
    headerDeadline = ctx.executor().schedule(() -> {
      if (open == 0) {
        ctx.close();
      }
    }, headerTimeoutMillis, TimeUnit.MILLISECONDS);
  }

  private void disarmHeaderDeadline() {
    if (headerDeadline != null) {
      headerDeadline.cancel(false);
      headerDeadline = null;
    }
  }
}
