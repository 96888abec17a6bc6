package dev.uptally.agent.transport;

import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.ErrorBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import tools.jackson.core.JacksonException;

/**
 * One POST of a JSON body to one collector URL on the JDK's {@link HttpURLConnection}, its answer read whole and
 * classified into a {@link CollectorException.Kind}. Which URL to use is {@link CollectorClient}'s business.
 *
 * <p>Thread-safe; {@link #abortInFlight} tracks the one request in flight (the heartbeat loop sends one at a time).
 * Never logs; the bearer token only ever goes into the {@code Authorization} header.
 */
final class HttpPost {

  static final int MAX_ANSWER_BYTES = 64 * 1024;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

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

  /** @param tls null: the JDK's default TLS context (the one {@code HttpsURLConnection} uses anyway) */
  HttpPost(SSLSocketFactory tls, Proxy proxy, String userAgent) {
    this.tls = tls;
    this.proxy = proxy;
    this.userAgent = userAgent;
  }

  /** Closes the connection of the request in flight, if any, so that its thread fails at once. */
  void abortInFlight() {
    InFlight request = inFlight;
    if (request != null) {
      request.aborted = true;
      request.connection.disconnect();
    }
  }

  /** @param json the request body, already gzipped when {@code gzipped} */
  <T> T post(URI uri, byte[] json, boolean gzipped, String bearer, Duration timeout, Class<T> answer)
      throws CollectorException {
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
        disconnect(c, request); // a half-read connection must not go back into the keep-alive cache
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

  /**
   * Disconnects after a failure. After an abort, {@link #abortInFlight} may be inside {@code disconnect()} on the
   * same connection at this moment, and HttpURLConnection's unsynchronised fields then fail under one of the
   * two threads (a NullPointerException); the connection is closed either way, and the request must still end
   * as a network failure rather than with that exception on the heartbeat thread.
   */
  private static void disconnect(HttpURLConnection c, InFlight request) {
    try {
      c.disconnect();
    } catch (RuntimeException e) {
      if (request == null || !request.aborted) {
        throw e;
      }
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
    String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
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
}
