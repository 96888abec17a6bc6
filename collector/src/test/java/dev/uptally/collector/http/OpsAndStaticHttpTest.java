package dev.uptally.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.fleet.LiveState;
import dev.uptally.collector.metrics.DeviceMetrics;
import dev.uptally.collector.web.StaticContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class OpsAndStaticHttpTest {

  private static final String PAGE = "<!doctype html><title>Uptally</title>" + "<p>fleet</p>".repeat(200);

  private static final StaticContent DASHBOARD = path -> switch (path) {
    case "/" -> Optional.of(new StaticContent.Asset(PAGE.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8",
        false));
    case "/assets/app.3f2c.js" -> Optional.of(new StaticContent.Asset("console.log(1)".getBytes(StandardCharsets.UTF_8),
        "text/javascript", true));
    default -> Optional.empty();
  };

  private static TestServer withMetricsToken(String token) {
    return new TestServer(TestServer.config(null, token, 65536), DASHBOARD, HttpTimeouts.DEFAULTS);
  }

  @Test
  void metricsAreOpenByDefaultInPrometheusText() {
    try (TestServer t = new TestServer()) {
      t.metrics.registerFleet(() -> List.of(new DeviceMetrics("dev-1", "acme", "h", "server", LiveState.UP,
          1_764_000_000_000L, 0, 1, Map.of(), 0, 0, 0, 0)));
      HttpResponse<String> response = t.get("/metrics");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
      assertThat(response.body()).contains("uptally_device_up{", "jvm_memory_used_bytes");
    }
  }

  @Test
  void metricsNegotiateOpenMetrics() {
    try (TestServer t = new TestServer()) {
      HttpResponse<String> response = t.get("/metrics", "Accept", "application/openmetrics-text;version=1.0.0");

      assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
      assertThat(response.body()).endsWith("# EOF\n");
    }
  }

  @Test
  void metricsAreGzippedWhenAccepted() throws IOException {
    try (TestServer t = new TestServer()) {
      HttpResponse<byte[]> response = sendBytes(t, HttpRequest.newBuilder(t.uri("/metrics"))
          .header("Accept-Encoding", "gzip").build());

      assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
      assertThat(gunzip(response.body())).contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void metricsTokenProtectsMetricsButNotHealth() {
    try (TestServer t = withMetricsToken("scrape-secret")) {
      HttpResponse<String> anonymous = t.get("/metrics");
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertThat(t.get("/metrics", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
      assertThat(t.get("/metrics", "Authorization", "Bearer scrape-secret").statusCode()).isEqualTo(200);
      assertThat(t.get("/healthz").statusCode()).isEqualTo(200);
      assertThat(t.get("/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void staticAssetsCarryTypeCachingAndSecurityHeaders() {
    try (TestServer t = withMetricsToken(null)) {
      HttpResponse<String> page = t.get("/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).isEqualTo(PAGE);
      assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
      assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'self'");
      assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

      HttpResponse<String> script = t.get("/assets/app.3f2c.js");
      assertThat(script.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=31536000", "immutable");
      assertThat(t.get("/assets/missing.js").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() {
    try (TestServer t = withMetricsToken(null)) {
      for (HttpResponse<String> response : List.of(t.get("/healthz"), t.get("/nope"), t.get("/api/v1/devices"),
          t.postJson("/v1/enroll", "{"))) {
        assertThat(response.headers().firstValue("Content-Security-Policy")).as(response.uri().toString())
            .hasValue(ResponseHeaders.CONTENT_SECURITY_POLICY);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      }
    }
  }

  @Test
  void staticPagesAreGzippedWhenAccepted() throws IOException {
    try (TestServer t = withMetricsToken(null)) {
      HttpResponse<byte[]> response = sendBytes(t, HttpRequest.newBuilder(t.uri("/"))
          .header("Accept-Encoding", "br;q=1.0, gzip;q=0.8").build());

      assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
      assertThat(response.headers().firstValue("Vary")).hasValue("Accept-Encoding");
      assertThat(gunzip(response.body())).isEqualTo(PAGE);
    }
  }

  @Test
  void pathTraversalIsRefused400HoweverEncoded() throws IOException {
    try (TestServer t = withMetricsToken(null)) {
      for (String path : List.of("/../etc/passwd", "/assets/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2fsecret",
          "/assets/%252e%252e/x", "/assets/..\\x", "/a/./b")) {
        String answer = t.raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer).as(path).startsWith("HTTP/1.1 400");
      }
      t.assertHealthy();
    }
  }

  @Test
  void withoutStaticContentUnknownGetsAre404() {
    try (TestServer t = new TestServer()) {
      HttpResponse<String> response = t.get("/");
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body()).contains("\"error\"");
    }
  }

  private static HttpResponse<byte[]> sendBytes(TestServer t, HttpRequest request) {
    try {
      return t.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
