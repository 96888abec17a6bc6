package dev.uptally.collector.http;

import dev.uptally.collector.metrics.MetricsEndpoint;
import dev.uptally.config.collector.ApiConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The collector's real per-connection pipeline ({@link CollectorInitializer}) on an {@link EmbeddedChannel}, with
 * the fake services of the HTTP tests behind it and blocking work run on the caller's thread: bytes go in, and what
 * the pipeline wrote comes out as both the encoded bytes and the response objects (seen just before encoding).
 * Not thread-safe; one instance per input.
 */
final class EmbeddedPipeline {

  /** The ingest behind every pipeline; its calls are cleared for each new pipeline. */
  static final FakeIngest INGEST = new FakeIngest();
  private static final CollectorServer SERVER = server();

  /** A response the HTTP encoder wrote to the connection (a write that failed on a closed channel is not one). */
  record Answer(int status, String reasonPhrase, String contentType, String contentLength, String connection,
      String contentSecurityPolicy, byte[] body) {

    boolean informational() {
      return status >= 100 && status < 200;
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final List<Answer> answers = new ArrayList<>();
  private final List<String> requestMethods = new ArrayList<>();
  private final List<Boolean> dispatchedKeepAlive = new ArrayList<>();
  private int completeRequests;
  private int requestsOpen;

  EmbeddedPipeline() {
    INGEST.calls.clear();
    SERVER.initializer(null).configure(channel);
    channel.pipeline().addAfter("codec", "fuzz-recorder", new Recorder());
    channel.pipeline().addBefore("router", "fuzz-dispatched", new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
          dispatchedKeepAlive.add(HttpUtil.isKeepAlive(request));
        }
        ctx.fireChannelRead(msg);
      }
    });
  }

  /** Feeds {@code bytes} in pieces of at most {@code chunk} bytes, stopping once the pipeline closed the channel. */
  void feed(byte[] bytes, int chunk) {
    for (int at = 0; at < bytes.length && channel.isOpen(); at += chunk) {
      int n = Math.min(chunk, bytes.length - at);
      channel.writeInbound(Unpooled.copiedBuffer(bytes, at, n));
      channel.runPendingTasks();
      channel.checkException();
    }
  }

  /** Every byte the pipeline wrote, in order. Releases what it read. */
  byte[] written() {
    ByteBuf all = Unpooled.buffer();
    Object out;
    while ((out = channel.readOutbound()) != null) {
      if (!(out instanceof ByteBuf buf)) {
        throw new AssertionError("the pipeline wrote a " + out.getClass().getName() + " past the HTTP encoder");
      }
      all.writeBytes(buf);
      buf.release();
    }
    byte[] bytes = new byte[all.readableBytes()];
    all.readBytes(bytes);
    all.release();
    return bytes;
  }

  List<Answer> answers() {
    return List.copyOf(answers);
  }

  /** For each request that reached the router, in order: whether it asked to keep the connection open. */
  List<Boolean> dispatchedKeepAlive() {
    return List.copyOf(dispatchedKeepAlive);
  }

  List<String> requestMethods() {
    return List.copyOf(requestMethods);
  }

  /** Requests whose headers and body end arrived (the pipeline owes each an answer while the channel is open). */
  int completeRequests() {
    return completeRequests;
  }

  boolean open() {
    return channel.isOpen();
  }

  /** Closes the channel and releases whatever is left in it; rethrows an exception that reached the pipeline's end. */
  void close() {
    channel.finishAndReleaseAll();
  }

  private final class Recorder extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request) {
        requestMethods.add(request.method().name());
        requestsOpen++;
      }
      if (msg instanceof LastHttpContent && requestsOpen > 0) {
        requestsOpen--;
        completeRequests++;
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof HttpResponse response) {
        if (!(msg instanceof FullHttpResponse full)) {
          throw new AssertionError("a response was written in parts: " + msg.getClass().getName());
        }
        byte[] body = new byte[full.content().readableBytes()];
        full.content().getBytes(full.content().readerIndex(), body);
        Answer answer = new Answer(response.status().code(), response.status().reasonPhrase(),
            response.headers().get("Content-Type"), response.headers().get("Content-Length"),
            response.headers().get("Connection"), response.headers().get("Content-Security-Policy"), body);
        promise = promise.unvoid();
        promise.addListener(written -> {
          if (written.isSuccess()) {
            answers.add(answer);
          }
        });
        if (response.status().codeClass() == HttpStatusClass.UNKNOWN) {
          throw new AssertionError("status " + response.status() + " is not an HTTP status");
        }
      }
      ctx.write(msg, promise);
    }
  }

  private static CollectorServer server() {
    ApiConfig api = new ApiConfig(List.of(
        new ApiConfig.ApiToken("noc", TestServer.VIEWER_TOKEN, ApiConfig.Role.VIEWER),
        new ApiConfig.ApiToken("ops", TestServer.OPERATOR_TOKEN, ApiConfig.Role.OPERATOR)));
    return CollectorServer.builder(TestServer.config(null, null, 64 * 1024), api, INGEST, new FakeQueries(),
            new MetricsEndpoint(), Clock.fixed(TestServer.NOW, ZoneOffset.UTC))
        .blockingExecutor(new DirectExecutorService())
        .build();
  }
}
