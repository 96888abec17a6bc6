package dev.uptally.collector.http;

import dev.uptally.collector.ingest.IngestException;
import dev.uptally.collector.ingest.IngestService;
import dev.uptally.collector.limits.AuthFailureLimiter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;

/**
 * Authenticates enrollment and heartbeat requests from their headers, before their body is buffered: a missing
 * token, an enrollment token of no client or a device token of no device is answered 401 at once (then the
 * connection ends, see {@link Rejection}), so an unauthenticated client cannot make the collector hold up to
 * {@code maxBodyBytes} for it. Before the aggregator, so an {@code Expect: 100-continue} client is refused before it
 * sends the body. A wrong enrollment token counts against the client address like on every token-checked path
 * ({@link AuthFailureLimiter}); a wrong device token does not (see the limiter). A token that passes is checked again
 * with the body by the endpoint. Sharable: no per-connection state.
 */
@io.netty.channel.ChannelHandler.Sharable
final class TokenCheck extends ChannelInboundHandlerAdapter {

  private final IngestService ingest;
  private final Duration linger;
  private final RejectionListener listener;
  private final AuthFailureLimiter authFailures;

  TokenCheck(IngestService ingest, Duration linger, RejectionListener listener, AuthFailureLimiter authFailures) {
    this.ingest = ingest;
    this.linger = linger;
    this.listener = listener;
    this.authFailures = authFailures;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request && request.method().equals(HttpMethod.POST)) {
      String path = RequestTarget.pathOrNull(request.uri());
      IngestException refusal = refusal(path, request);
      if (refusal != null) {
        ReferenceCountUtil.release(msg);
        if (TokenPaths.guarded(path, authFailures.metricsToken())) {
          authFailures.failed(ClientAddress.of(ctx.channel()));
        }
        listener.rejected(path, refusal.status(), refusal.reason());
        HttpReply reply = HttpReply.error(refusal.status(), refusal.getMessage());
        if (refusal.retryAfterSeconds() != null) {
          reply = reply.withHeader("Retry-After", Integer.toString(refusal.retryAfterSeconds()));
        }
        Rejection.send(ctx, reply, linger);
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  /** Null when the request may go on to have its body read. */
  private IngestException refusal(String path, HttpRequest request) {
    String token = HttpCall.bearerToken(request.headers());
    try {
      if (TokenPaths.ENROLL.equals(path)) {
        ingest.checkEnrollmentToken(token);
      } else if (TokenPaths.HEARTBEATS.equals(path)) {
        ingest.checkDeviceToken(token);
      }
      return null;
    } catch (IngestException e) {
      return e;
    }
  }
}
