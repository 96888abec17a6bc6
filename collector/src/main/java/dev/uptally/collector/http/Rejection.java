package dev.uptally.collector.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Answers a request the pipeline refuses and ends the connection without losing the answer: after the
 * response is flushed the output side is shut down and further input is read and dropped until the
 * client closes or the linger time passes. Closing at once with unread input would make the kernel
 * reset the connection, and the client would often never see the 413/431.
 */
final class Rejection {

  /** Set on a channel once a rejection was sent; {@link RequestGate} then drops all further input. */
  static final AttributeKey<Boolean> REJECTED = AttributeKey.valueOf("uptally.rejected");

  private Rejection() {}

  static boolean isRejected(Channel channel) {
    return Boolean.TRUE.equals(channel.attr(REJECTED).get());
  }

  static void send(ChannelHandlerContext ctx, HttpReply reply, Duration linger) {
    Channel channel = ctx.channel();
    if (isRejected(channel)) {
      return;
    }
    channel.attr(REJECTED).set(Boolean.TRUE);
    channel.config().setAutoRead(true);
    ctx.writeAndFlush(Responses.toNetty(reply, HttpVersion.HTTP_1_1, false)).addListener(future -> {
      if (!future.isSuccess() || !(channel instanceof SocketChannel socket)
          || channel.pipeline().get(SslHandler.class) != null) {
        channel.close();
        return;
      }
      socket.shutdownOutput().addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      channel.eventLoop().schedule(() -> channel.close(), linger.toMillis(), TimeUnit.MILLISECONDS);
    });
  }
}
