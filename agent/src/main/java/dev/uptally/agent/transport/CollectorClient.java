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
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import tools.jackson.core.JacksonException;

/**
 * The agent's side of wire protocol v1 on the JDK's {@link HttpURLConnection} (HTTP/1.1, JSON).
 * Bodies above {@value #GZIP_ABOVE_BYTES} bytes are gzipped ({@code Content-Encoding: gzip}). TLS
 * trusts the JDK defaults plus an optional CA file, with hostname verification; an optional HTTP
 * proxy is used for every request.
 *
 * <p>Why not {@code java.net.http.HttpClient}: for one small request every 30 s it costs a selector
 * thread, a worker pool and ~130 classes, and it builds the default TLS context (the whole JSSE stack
 * and the parsed cacerts) even for a plain {@code http} collector; that was ~12 MB of the agent's RSS.
 * Here a request runs on the caller's thread, TLS classes load only for {@code https}, and an idle
 * connection is kept for a few seconds by the JDK's keep-alive cache (a spool replay reuses it).
 *
 * <p>Thread-safe. Never logs; tokens only ever go into the {@code Authorization} header.
 */
public final class CollectorClient {

  static final int GZIP_ABOVE_BYTES = 4096;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  static {
    // HttpURLConnection silently sends a POST again when its answer fails to arrive: that doubles every
    // timeout (the 2 s shutdown send would take 4 s) and defeats abortInFlight. The heartbeat loop
    // retries with backoff itself. Read once, when the JDK's HTTP classes initialise (none before this).
    if (System.getProperty("sun.net.http.retryPost") == null) {
      System.setProperty("sun.net.http.retryPost", "false");
    }
  }

  private final URI base;
  private final SSLSocketFactory tls;
  private final Proxy proxy;
  private final String userAgent;
  private volatile InFlight inFlight;

  /** The request being sent, and whether {@link #abortInFlight} closed it under the sending thread. */
  private static final class InFlight {
    final HttpURLConnection connection;
    volatile boolean aborted;

    InFlight(HttpURLConnection connection) {
      this.connection = connection;
    }
  }

  /**
   * @param base collector URL, e.g. {@code https://collector.example:8420}
   * @param caFile extra trusted CA (PEM) or null
   * @param proxy {@code host:port} or null
   * @throws IOException when the CA file cannot be read
   */
  public CollectorClient(URI base, Path caFile, String proxy, String agentVersion) throws IOException {
    this.base = withoutTrailingSlash(base);
    this.userAgent = "uptally-agent/" + agentVersion;
    // the JDK's default TLS context is what HttpsURLConnection uses anyway: build one only for an extra CA
    this.tls = "https".equalsIgnoreCase(base.getScheme()) && caFile != null
        ? TrustMaterial.sslContext(caFile).getSocketFactory()
        : null;
    this.proxy = proxy != null && !proxy.isBlank() ? new Proxy(Proxy.Type.HTTP, ProxyAddress.parse(proxy)) : Proxy.NO_PROXY;
  }

  /** {@code POST /v1/enroll} with the client's enrollment token. */
  public EnrollResponse enroll(EnrollRequest request, String enrollmentToken, Duration timeout) throws CollectorException {
    return post("/v1/enroll", request, enrollmentToken, timeout, EnrollResponse.class);
  }

  /** {@code POST /v1/heartbeats} with the device token. */
  public HeartbeatAck sendHeartbeats(HeartbeatBatch batch, DeviceToken token, Duration timeout) throws CollectorException {
    return post("/v1/heartbeats", batch, token.value(), timeout, HeartbeatAck.class);
  }

  /**
   * Closes the connection of a request in flight, so that the thread blocked in it fails at once
   * with a {@link CollectorException.Kind#NETWORK} error (blocking socket I/O ignores interrupts).
   * For an orderly stop that must not wait out a hanging collector.
   */
  public void abortInFlight() {
    InFlight request = inFlight;
    if (request != null) {
      request.aborted = true;
      request.connection.disconnect();
    }
  }

  private <T> T post(String path, Object body, String bearer, Duration timeout, Class<T> answer)
      throws CollectorException {
    URI uri = base.resolve(base.getPath() + path);
    byte[] json = Json.mapper().writeValueAsBytes(body);
    boolean gzipped = json.length > GZIP_ABOVE_BYTES;
    if (gzipped) {
      json = gzip(json);
    }
    HttpURLConnection c = null;
    InFlight request = null;
    try {
      c = open(uri, timeout);
      if (gzipped) {
        c.setRequestProperty("Content-Encoding", "gzip");
      }
      c.setRequestProperty("Authorization", "Bearer " + bearer);
      request = new InFlight(c);
      inFlight = request;
      // not in streaming mode: there a 401 would surface as HttpRetryException instead of the status
      try (OutputStream out = c.getOutputStream()) {
        out.write(json);
      }
      int status = c.getResponseCode();
      if (status < 100) {
        throw new java.net.ProtocolException("the answer is not an HTTP response");
      }
      return answer(uri, status, c.getHeaderField("Retry-After"), readBody(c, status), answer);
    } catch (IOException e) {
      if (c != null) {
        c.disconnect(); // a half-read connection must not go back into the keep-alive cache
      }
      throw new CollectorException(CollectorException.Kind.NETWORK, 0, null, "POST " + uri + " failed: " + describe(e), e);
    } catch (RuntimeException e) {
      // HttpURLConnection is not thread-safe: a disconnect() from another thread can leave the sending thread
      // on a nulled internal field (a NullPointerException wrapped in RuntimeException on JDK 17). After an
      // abort that is the expected way for the request to end; anything else is a real bug and propagates.
      if (request == null || !request.aborted) {
        throw e;
      }
      throw new CollectorException(CollectorException.Kind.NETWORK, 0, null, "POST " + uri + " aborted", e);
    } finally {
      inFlight = null;
    }
  }

  private HttpURLConnection open(URI uri, Duration timeout) throws IOException {
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(proxy);
    if (tls != null && c instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(tls);
    }
    int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    c.setConnectTimeout((int) Math.min(timeoutMillis, CONNECT_TIMEOUT.toMillis()));
    c.setReadTimeout(timeoutMillis);
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    c.setDoOutput(true);
    c.setRequestMethod("POST");
    c.setRequestProperty("Content-Type", "application/json");
    c.setRequestProperty("Accept", "application/json");
    c.setRequestProperty("User-Agent", userAgent);
    return c;
  }

  /**
   * The whole body (read to the end, so that the connection can be reused), or empty when there is none. A
   * collector's answers are a few hundred bytes; anything beyond {@value #MAX_ANSWER_BYTES} bytes (a captive
   * portal, a wrong URL) is refused rather than read into the agent's small heap.
   */
  private static byte[] readBody(HttpURLConnection c, int status) throws IOException {
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    if (in == null) {
      return new byte[0];
    }
    try (in) {
      byte[] body = in.readNBytes(MAX_ANSWER_BYTES + 1);
      if (body.length > MAX_ANSWER_BYTES) {
        throw new IOException("the answer from " + c.getURL().getHost() + " is larger than " + MAX_ANSWER_BYTES
            + " bytes; that is not a collector");
      }
      return body;
    }
  }

  static final int MAX_ANSWER_BYTES = 64 * 1024;

  private static <T> T answer(URI uri, int status, String retryAfterHeader, byte[] body, Class<T> type)
      throws CollectorException {
    if (status == 200) {
      try {
        return Json.mapper().readValue(body, type);
      } catch (JacksonException e) {
        throw new CollectorException(CollectorException.Kind.REJECTED, status, null,
            "POST " + uri + ": 200 with a body that is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
      }
    }
    Duration retryAfter = RetryAfter.parse(retryAfterHeader, Clock.systemUTC()).orElse(null);
    CollectorException.Kind kind = switch (status) {
      case 401 -> CollectorException.Kind.UNAUTHORIZED;
      case 429 -> CollectorException.Kind.RATE_LIMITED;
      default -> status >= 500 ? CollectorException.Kind.UNAVAILABLE : CollectorException.Kind.REJECTED;
    };
    String collectorError = collectorError(body);
    throw new CollectorException(kind, status, retryAfter, collectorError,
        "POST " + uri + " answered " + status + errorText(body, collectorError), null);
  }

  /** The {@code error} of a JSON error body, or null when the body is not one. */
  private static String collectorError(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      return Json.mapper().readValue(body, ErrorBody.class).error();
    } catch (JacksonException e) {
      return null; // not the collector's error body: errorText shows the start of it
    }
  }

  private static String errorText(byte[] body, String collectorError) {
    if (collectorError != null) {
      return ": " + collectorError;
    }
    if (body == null || body.length == 0) {
      return "";
    }
    String text = new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8);
    return ": " + text.replaceAll("\\s+", " ");
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
