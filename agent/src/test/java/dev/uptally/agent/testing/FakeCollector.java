package dev.uptally.agent.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * A scripted stand-in for the collector's agent endpoints on a loopback port: it records every
 * request (body un-gzipped) and answers with queued responses, or with a default function.
 */
public final class FakeCollector implements AutoCloseable {

  /** One request as received. */
  public record Received(String path, String authorization, String contentEncoding, String body) {}

  /** One answer. */
  public record Answer(int status, String body, Map<String, String> headers) {
    public static Answer ok(String json) {
      return new Answer(200, json, Map.of());
    }

    public static Answer status(int status, String json) {
      return new Answer(status, json, Map.of());
    }

    /** No answer at all: the connection is closed once the request has been read (a collector dying mid-request). */
    public static Answer hangUp() {
      return new Answer(HANG_UP, "", Map.of());
    }
  }

  private static final int HANG_UP = -1;

  static {
    // without TCP_NODELAY the JDK server's small responses meet delayed ACKs: ~40 ms per request
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Answer> queued = new ArrayDeque<>();
  private volatile Function<Received, Answer> fallback = r -> Answer.status(500, "{\"error\":\"no answer scripted\"}");

  public FakeCollector() {
    this(0);
  }

  /** On {@code port} of the loopback address (0: any free one), e.g. one that {@link #closedPort()} gave earlier. */
  public FakeCollector(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback port " + port, e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A loopback URL where nothing listens (a port that was free a moment ago): connecting to it is refused. */
  public static URI closedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port", e);
    }
  }

  public synchronized FakeCollector enqueue(Answer answer) {
    queued.add(answer);
    return this;
  }

  public FakeCollector otherwise(Function<Received, Answer> answer) {
    this.fallback = answer;
    return this;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] raw = ex.getRequestBody().readAllBytes();
      String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
      InputStream in = "gzip".equals(encoding) ? new GZIPInputStream(new ByteArrayInputStream(raw))
          : new ByteArrayInputStream(raw);
      Received r = new Received(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Authorization"),
          encoding, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      received.add(r);
      Answer a;
      synchronized (this) {
        a = queued.isEmpty() ? null : queued.poll();
      }
      if (a == null) {
        a = fallback.apply(r);
      }
      if (a.status() == HANG_UP) {
        // the JDK server closes the connection of a handler that fails, without sending anything
        throw new IOException("fake collector hangs up on " + r.path());
      }
      byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
      a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        ex.getResponseBody().write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
