package dev.uptally.collector.http;

import dev.uptally.collector.limits.AuthFailureLimiter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The per-connection pipeline, in the order data flows:
 * TLS → HTTP codec (tight line/header limits) → security headers (outbound) → idle timer → connection
 * guard → request gate (malformed, request target, media type, declared size, failed-token limit) → token check
 * (enrollment and device tokens from the headers) → request deadline (the body within {@code requestTimeout}) →
 * aggregation (size cap) → gzip inflation (inflated-size cap) → one request at a time (pipelining) → router.
 * Nothing is buffered for a request before the gate and the token check have passed it.
 */
final class CollectorInitializer extends ChannelInitializer<SocketChannel> {

  private static final ResponseHeaders RESPONSE_HEADERS = new ResponseHeaders();

  private final SslContext ssl;
  private final int maxBodyBytes;
  private final HttpTimeouts timeouts;
  private final RejectionListener rejections;
  private final RouterHandler router;
  private final ChannelGroup channels;
  private final AuthFailureLimiter authFailures;
  private final TokenCheck tokenCheck;
  private final Duration requestTimeout;

  CollectorInitializer(SslContext ssl, int maxBodyBytes, HttpTimeouts timeouts, RejectionListener rejections,
      RouterHandler router, ChannelGroup channels, AuthFailureLimiter authFailures, TokenCheck tokenCheck,
      Duration requestTimeout) {
    this.ssl = ssl;
    this.maxBodyBytes = maxBodyBytes;
    this.timeouts = timeouts;
    this.rejections = rejections;
    this.router = router;
    this.channels = channels;
    this.authFailures = authFailures;
    this.tokenCheck = tokenCheck;
    this.requestTimeout = requestTimeout;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    configure(ch);
  }

  /** Builds the pipeline on any channel (an {@code EmbeddedChannel} in tests); TLS needs a socket's allocator only. */
  void configure(Channel ch) {
    channels.add(ch);
    ChannelPipeline p = ch.pipeline();
    if (ssl != null) {
      p.addLast("tls", ssl.newHandler(ch.alloc()));
    }
    p.addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
        .setMaxInitialLineLength(CollectorServer.MAX_INITIAL_LINE_BYTES)
        .setMaxHeaderSize(CollectorServer.MAX_HEADER_BYTES)
        .setMaxChunkSize(16 * 1024)));
    p.addLast("security-headers", RESPONSE_HEADERS);
    p.addLast("idle", new IdleStateHandler(timeouts.idle().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
    p.addLast("guard", new ConnectionGuard(timeouts.idle()));
    p.addLast("gate", new RequestGate(maxBodyBytes, timeouts.linger(), rejections, authFailures));
    p.addLast("token-check", tokenCheck);
    p.addLast("deadline", new RequestDeadline(requestTimeout, timeouts.linger(), rejections));
    p.addLast("aggregate", new BoundedAggregator(maxBodyBytes, timeouts.linger(), rejections));
    p.addLast("gunzip", new GzipBodyDecoder(maxBodyBytes, timeouts.linger(), rejections));
    p.addLast("sequence", new RequestSequencer());
    p.addLast("router", router);
  }
}
