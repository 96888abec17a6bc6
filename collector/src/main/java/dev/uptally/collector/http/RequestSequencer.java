package dev.uptally.collector.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;

/**
 * Keeps HTTP/1.1 pipelining correct: endpoints answer asynchronously, so a second request on the same
 * connection could be answered before the first. One request at a time goes to the router; requests
 * that arrive meanwhile wait here (reading pauses), and the next is released when the current
 * response has been written. More than {@value #MAX_QUEUED} waiting requests close the connection. A request that
 * asks to close the connection ({@code Connection: close}, or HTTP/1.0 without keep-alive) is the last one
 * processed: requests pipelined behind it are dropped unanswered (RFC 9112 §9.6), never applied.
 * One instance per channel; runs on the channel's event loop only.
 */
final class RequestSequencer extends ChannelDuplexHandler {

  static final int MAX_QUEUED = 16;

  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
  private boolean busy;
  /** A request asked to close the connection; nothing after it is processed. */
  private boolean closing;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (closing) {
      request.release();
      return;
    }
    closing = !HttpUtil.isKeepAlive(request);
    if (!busy) {
      busy = true;
      ctx.fireChannelRead(request);
      return;
    }
    if (waiting.size() >= MAX_QUEUED) {
      request.release();
      ctx.close();
      return;
    }
    waiting.add(request);
    ctx.channel().config().setAutoRead(false);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean informational = msg instanceof HttpResponse response
        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    ctx.write(msg, promise);
    if (msg instanceof LastHttpContent && !informational && busy) {
      FullHttpRequest next = waiting.poll();
      if (next == null) {
        busy = false;
        ctx.channel().config().setAutoRead(true);
      } else {
        // not from inside write(): the next answer may be written synchronously
        ctx.executor().execute(() -> ctx.fireChannelRead(next));
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseWaiting();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseWaiting();
  }

  private void releaseWaiting() {
    FullHttpRequest request;
    while ((request = waiting.poll()) != null) {
      request.release();
    }
  }
}
