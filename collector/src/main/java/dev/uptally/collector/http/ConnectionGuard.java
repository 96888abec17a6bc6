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

/**
 * Connection lifecycle: closes a connection that has been silent for the idle time unless a request
 * it sent is still being answered (a slow storage write must not cut the agent off), and on
 * {@link #DRAIN} (server shutdown) closes idle connections at once and the others after their
 * current response, which it marks {@code Connection: close}. One instance per channel.
 */
final class ConnectionGuard extends ChannelDuplexHandler {

  /** User event fired on every open connection when the server stops. */
  static final Object DRAIN = new Object() {
    @Override
    public String toString() {
      return "DRAIN";
    }
  };

  /** Requests whose headers arrived and whose response is not yet written. */
  private int open;
  /** True between a request's headers and the end of its body. */
  private boolean receiving;
  private boolean draining;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      open++;
      receiving = true;
    }
    if (msg instanceof LastHttpContent) {
      receiving = false;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean ends = msg instanceof LastHttpContent && !isInformational(msg);
    if (draining && msg instanceof HttpResponse response && !isInformational(msg)) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    if (ends && open > 0) {
      open--;
    }
    ctx.write(msg, promise);
    if (ends && draining && open == 0) {
      promise.addListener(ChannelFutureListener.CLOSE);
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

  private static boolean isInformational(Object msg) {
    return msg instanceof HttpResponse response
        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
  }
}
