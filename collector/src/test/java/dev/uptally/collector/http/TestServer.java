package dev.uptally.collector.http;

import dev.uptally.collector.metrics.MetricsEndpoint;
import dev.uptally.collector.web.StaticContent;
import dev.uptally.config.collector.ApiConfig;
import dev.uptally.config.collector.ServerConfig;
import dev.uptally.config.collector.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A real collector HTTP server on 127.0.0.1, an ephemeral port, with fake services behind it. */
public final class TestServer implements AutoCloseable {

  public static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  public static final String VIEWER_TOKEN = "viewer-secret-token";
  public static final String OPERATOR_TOKEN = "operator-secret-token";

  public final FakeIngest ingest = new FakeIngest();
  public final FakeQueries queries = new FakeQueries();
  public final MetricsEndpoint metrics = new MetricsEndpoint();
  public final CollectorServer server;
  public final InetSocketAddress address;
  public final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  public TestServer() {
    this(config(null, null, 64 * 1024), null, new HttpTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(5),
        Duration.ofMillis(500)));
  }

  public TestServer(ServerConfig config, StaticContent content, HttpTimeouts timeouts) {
    ApiConfig api = new ApiConfig(List.of(
        new ApiConfig.ApiToken("noc", VIEWER_TOKEN, ApiConfig.Role.VIEWER),
        new ApiConfig.ApiToken("ops", OPERATOR_TOKEN, ApiConfig.Role.OPERATOR)));
    server = CollectorServer.builder(config, api, ingest, queries, metrics, Clock.fixed(NOW, ZoneOffset.UTC))
        .staticContent(content).timeouts(timeouts)
        .apiRoutes((handler, routes) -> handler.route(routes, "POST", "/api/v1/incidents/{id}/ack",
            ApiConfig.Role.OPERATOR, dev.uptally.collector.access.Scope.target("id", "incident",
                id -> java.util.Optional.of("acme")), call -> HttpReply.ok(java.util.Map.of("acknowledged", call.pathParam("id")))))
        .build();
    address = server.start();
  }

  /** Three wrong tokens a minute per address, and the given request timeout. */
  public static ServerConfig limited(Duration requestTimeout) {
    return new ServerConfig("127.0.0.1", 0, null, false, null, 64 * 1024, 10,
        new dev.uptally.config.collector.RateLimits(300, 100, 3), requestTimeout);
  }

  public static ServerConfig config(TlsConfig tls, String metricsToken, long maxBodyBytes) {
    return new ServerConfig("127.0.0.1", 0, tls, false, metricsToken, maxBodyBytes, 10);
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + address.getPort() + pathAndQuery);
  }

  public HttpResponse<String> get(String pathAndQuery, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  public HttpResponse<String> postJson(String path, String json, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("request " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Sends raw bytes on a fresh connection and reads until the server closes it (or 10 s pass). */
  public String raw(byte[] request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", address.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // the server may refuse early and stop reading; its answer is still readable below
      }
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  public String raw(String request) throws IOException {
    return raw(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** After any bad input the server must still answer. */
  public void assertHealthy() {
    HttpResponse<String> health = get("/healthz");
    if (health.statusCode() != 200 || !health.body().contains("\"ok\"")) {
      throw new AssertionError("server unhealthy after bad input: " + health.statusCode() + " " + health.body());
    }
  }

  @Override
  public void close() {
    server.close();
    metrics.close();
  }
}
