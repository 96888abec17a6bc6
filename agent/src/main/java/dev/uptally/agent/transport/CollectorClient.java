package dev.uptally.agent.transport;

import dev.uptally.agent.identity.DeviceToken;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.ErrorBody;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.HeartbeatBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import tools.jackson.core.JacksonException;

/**
 * The agent's side of wire protocol v1 on the JDK {@link HttpClient} (HTTP/1.1, JSON). Bodies above
 * {@value #GZIP_ABOVE_BYTES} bytes are gzipped ({@code Content-Encoding: gzip}). TLS trusts the JDK
 * defaults plus an optional CA file; an optional HTTP proxy is used for every request.
 *
 * <p>Thread-safe. Never logs; tokens only ever go into the {@code Authorization} header.
 */
public final class CollectorClient {

  static final int GZIP_ABOVE_BYTES = 4096;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final HttpClient http;
  private final String userAgent;

  /**
   * @param base collector URL, e.g. {@code https://collector.example:8420}
   * @param caFile extra trusted CA (PEM) or null
   * @param proxy {@code host:port} or null
   * @throws IOException when the CA file cannot be read
   */
  public CollectorClient(URI base, Path caFile, String proxy, String agentVersion) throws IOException {
    this.base = withoutTrailingSlash(base);
    this.userAgent = "uptally-agent/" + agentVersion;
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER);
    if ("https".equalsIgnoreCase(base.getScheme())) {
      b.sslContext(TrustMaterial.sslContext(caFile));
    }
    if (proxy != null && !proxy.isBlank()) {
      b.proxy(java.net.ProxySelector.of(ProxyAddress.parse(proxy)));
    }
    this.http = b.build();
  }

  /** {@code POST /v1/enroll} with the client's enrollment token. */
  public EnrollResponse enroll(EnrollRequest request, String enrollmentToken, Duration timeout) throws CollectorException {
    return post("/v1/enroll", request, enrollmentToken, timeout, EnrollResponse.class);
  }

  /** {@code POST /v1/heartbeats} with the device token. */
  public HeartbeatAck sendHeartbeats(HeartbeatBatch batch, DeviceToken token, Duration timeout) throws CollectorException {
    return post("/v1/heartbeats", batch, token.value(), timeout, HeartbeatAck.class);
  }

  private <T> T post(String path, Object body, String bearer, Duration timeout, Class<T> answer)
      throws CollectorException {
    URI uri = base.resolve(base.getPath() + path);
    byte[] json = Json.mapper().writeValueAsBytes(body);
    HttpRequest.Builder req = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Authorization", "Bearer " + bearer)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .header("User-Agent", userAgent);
    if (json.length > GZIP_ABOVE_BYTES) {
      req.header("Content-Encoding", "gzip");
      json = gzip(json);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(req.POST(HttpRequest.BodyPublishers.ofByteArray(json)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new CollectorException(CollectorException.Kind.NETWORK, 0, null, "POST " + uri + " failed: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CollectorException(CollectorException.Kind.NETWORK, 0, null, "POST " + uri + " interrupted", e);
    }
    return answer(uri, response, answer);
  }

  private static <T> T answer(URI uri, HttpResponse<byte[]> response, Class<T> type) throws CollectorException {
    int status = response.statusCode();
    if (status == 200) {
      try {
        return Json.mapper().readValue(response.body(), type);
      } catch (JacksonException e) {
        throw new CollectorException(CollectorException.Kind.REJECTED, status, null,
            "POST " + uri + ": 200 with a body that is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
      }
    }
    Duration retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), Clock.systemUTC())
        .orElse(null);
    CollectorException.Kind kind = switch (status) {
      case 401 -> CollectorException.Kind.UNAUTHORIZED;
      case 429 -> CollectorException.Kind.RATE_LIMITED;
      default -> status >= 500 ? CollectorException.Kind.UNAVAILABLE : CollectorException.Kind.REJECTED;
    };
    throw new CollectorException(kind, status, retryAfter,
        "POST " + uri + " answered " + status + errorText(response.body()), null);
  }

  private static String errorText(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    try {
      ErrorBody error = Json.mapper().readValue(body, ErrorBody.class);
      return error.error() == null ? "" : ": " + error.error();
    } catch (JacksonException e) {
      String text = new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8);
      return ": " + text.replaceAll("\\s+", " ");
    }
  }

  /** "ConnectException: Connection refused" — the JDK often leaves the top message null and puts it in a cause. */
  static String describe(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null && message == null; t = t.getCause()) {
      message = t.getMessage();
    }
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip in memory failed", e);
    }
    return out.toByteArray();
  }

  private static URI withoutTrailingSlash(URI uri) {
    String s = uri.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return URI.create(s);
  }
}
