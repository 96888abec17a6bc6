package dev.uptally.collector.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import java.time.Duration;

/**
 * Netty's aggregator with our answer to an oversized body (a chunked body that grows past the cap; a
 * declared {@code Content-Length} was already refused by {@link RequestGate}): a JSON 413 and a
 * lingering close instead of a bare 413.
 */
final class BoundedAggregator extends HttpObjectAggregator {

  private final long maxBodyBytes;
  private final Duration linger;
  private final RejectionListener listener;

  BoundedAggregator(int maxBodyBytes, Duration linger, RejectionListener listener) {
    super(maxBodyBytes);
    this.maxBodyBytes = maxBodyBytes;
    this.linger = linger;
    this.listener = listener;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    String path = oversized instanceof HttpRequest request ? RequestTarget.pathOrNull(request.uri()) : null;
    listener.rejected(path, 413, "too_large");
    Rejection.send(ctx, HttpReply.error(413, "request body exceeds the limit of " + maxBodyBytes + " bytes"), linger);
  }
}
