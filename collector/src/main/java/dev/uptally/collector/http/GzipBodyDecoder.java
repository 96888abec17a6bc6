package dev.uptally.collector.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Inflates gzip request bodies with a hard cap on the inflated size. It runs after aggregation, so the
 * compressed body is already bounded by the same cap; inflation writes into a buffer whose maximum
 * capacity is the cap and stops reading the moment one more byte would exceed it, so a gzip bomb
 * (1 GiB of zeros in 1 MiB) costs at most {@code maxBodyBytes} of memory and is answered 413.
 */
final class GzipBodyDecoder extends MessageToMessageDecoder<FullHttpRequest> {

  private static final int READ_CHUNK = 16 * 1024;

  private final int maxBodyBytes;
  private final Duration linger;
  private final RejectionListener listener;

  GzipBodyDecoder(int maxBodyBytes, Duration linger, RejectionListener listener) {
    super(FullHttpRequest.class);
    this.maxBodyBytes = maxBodyBytes;
    this.linger = linger;
    this.listener = listener;
  }

  static boolean isSupported(String encoding) {
    String e = encoding.trim().toLowerCase(Locale.ROOT);
    return e.equals("gzip") || e.equals("x-gzip") || e.equals("identity");
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, FullHttpRequest request, List<Object> out) {
    String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    if (encoding == null || encoding.trim().equalsIgnoreCase("identity")) {
      out.add(request.retain());
      return;
    }
    ByteBuf inflated = ctx.alloc().heapBuffer(Math.min(64 * 1024, maxBodyBytes), maxBodyBytes);
    String refusal;
    try {
      refusal = inflate(request.content(), inflated);
    } catch (IOException e) {
      refusal = "request body is not valid gzip: " + e.getMessage();
    }
    if (refusal != null) {
      inflated.release();
      int status = refusal.startsWith("request body is not") ? 400 : 413;
      listener.rejected(RequestTarget.pathOrNull(request.uri()), status, status == 413 ? "too_large" : "malformed");
      Rejection.send(ctx, HttpReply.error(status, refusal), linger);
      return;
    }
    FullHttpRequest plain = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
        inflated, request.headers().copy(), request.trailingHeaders().copy());
    plain.headers().remove(HttpHeaderNames.CONTENT_ENCODING);
    plain.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, inflated.readableBytes());
    out.add(plain);
  }

  /** Null on success, else why the body was refused as too large. */
  private String inflate(ByteBuf compressed, ByteBuf target) throws IOException {
    byte[] chunk = new byte[READ_CHUNK];
    try (InputStream in = new GZIPInputStream(new ByteBufInputStream(compressed.duplicate()), READ_CHUNK)) {
      int n;
      while ((n = in.read(chunk)) > 0) {
        if (target.readableBytes() + (long) n > maxBodyBytes) {
          return "request body inflates to more than the limit of " + maxBodyBytes + " bytes";
        }
        target.writeBytes(chunk, 0, n);
      }
    }
    return null;
  }
}
