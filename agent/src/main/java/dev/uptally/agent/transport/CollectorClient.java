package dev.uptally.agent.transport;

import dev.uptally.agent.clock.AgentClock;
import dev.uptally.agent.identity.DeviceToken;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.HeartbeatBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLSocketFactory;

/**
 * The agent's side of wire protocol v1 on the JDK's {@link HttpURLConnection} (HTTP/1.1, JSON).
 * Bodies above {@value #GZIP_ABOVE_BYTES} bytes are gzipped ({@code Content-Encoding: gzip}). TLS
 * trusts the JDK defaults plus an optional CA file, with hostname verification; an optional HTTP
 * proxy is used for every request.
 *
 * <p>With several collector URLs ({@code collector.urls}) a request goes to the current one; on a connection failure
 * (refused, reset, timeout, TLS handshake, proxy) or a {@code 503} it is sent to the next URL at once, round-robin,
 * and that one stays current while it answers ({@link CollectorUrls}). A request fails only when no URL answered in
 * one round (each tried at most once); its {@link CollectorException#retryAfter()} is then set only when every URL
 * asked for one, and the heartbeat loop backs off as it does for a single URL. The request's timeout bounds the whole
 * round, every URL included. With one URL every request and failure is exactly as without failover.
 *
 * <p>Why not {@code java.net.http.HttpClient}: for one small request every 30 s it costs a selector
 * thread, a worker pool and ~130 classes, and it builds the default TLS context (the whole JSSE stack
 * and the parsed cacerts) even for a plain {@code http} collector; that was ~12 MB of the agent's RSS.
 * Here a request runs on the caller's thread, TLS classes load only for {@code https}, and an idle
 * connection is kept for a few seconds by the JDK's keep-alive cache (a spool replay reuses it).
 *
 * <p>Thread-safe. Logs only a switch of collector URL (naming the URLs, see {@link CollectorUrls}); tokens only ever
 * go into the {@code Authorization} header.
 */
public final class CollectorClient {

  static final int GZIP_ABOVE_BYTES = 4096;
  static final int MAX_ANSWER_BYTES = HttpPost.MAX_ANSWER_BYTES;

  static {
    // HttpURLConnection silently sends a POST again when its answer fails to arrive: that doubles every
    // timeout (the 2 s shutdown send would take 4 s) and defeats abortInFlight. The heartbeat loop
    // retries with backoff itself. Read once, when the JDK's HTTP classes initialise (none before this).
    if (System.getProperty("sun.net.http.retryPost") == null) {
      System.setProperty("sun.net.http.retryPost", "false");
    }
  }

  private final CollectorUrls urls;
  private final HttpPost http;
  private final LongSupplier nanoTime;
  private volatile boolean abortRequested;

  /**
   * One collector URL, on the JVM's monotonic clock.
   *
   * @param base collector URL, e.g. {@code https://collector.example:8420}
   * @param caFile extra trusted CA (PEM) or null
   * @param proxy {@code host:port} or null
   * @throws IOException when the CA file cannot be read
   */
  public CollectorClient(URI base, Path caFile, String proxy, String agentVersion) throws IOException {
    this(List.of(base), caFile, proxy, agentVersion, System::nanoTime);
  }

  /**
   * Several collector URLs, tried in this order first, then round-robin from the one that last answered.
   *
   * @param clock its monotonic clock times {@code Retry-After} sit-outs and the timeout of a round over the URLs
   * @throws IOException when the CA file cannot be read
   */
  public CollectorClient(List<URI> bases, Path caFile, String proxy, String agentVersion, AgentClock clock)
      throws IOException {
    this(bases, caFile, proxy, agentVersion, clock::nanoTime);
  }

  private CollectorClient(List<URI> bases, Path caFile, String proxy, String agentVersion, LongSupplier nanoTime)
      throws IOException {
    this.urls = new CollectorUrls(bases.stream().map(CollectorClient::withoutTrailingSlash).toList(), nanoTime);
    this.nanoTime = nanoTime;
    // the JDK's default TLS context is what HttpsURLConnection uses anyway: build one only for an extra CA
    boolean anyHttps = bases.stream().anyMatch(b -> "https".equalsIgnoreCase(b.getScheme()));
    SSLSocketFactory tls = anyHttps && caFile != null ? TrustMaterial.sslContext(caFile).getSocketFactory() : null;
    Proxy viaProxy = proxy != null && !proxy.isBlank()
        ? new Proxy(Proxy.Type.HTTP, ProxyAddress.parse(proxy))
        : Proxy.NO_PROXY;
    this.http = new HttpPost(tls, viaProxy, "uptally-agent/" + agentVersion);
  }

  /** {@code POST /v1/enroll} with the client's enrollment token. */
  public EnrollResponse enroll(EnrollRequest request, String enrollmentToken, Duration timeout) throws CollectorException {
    return post("/v1/enroll", request, enrollmentToken, timeout, EnrollResponse.class);
  }

  /** {@code POST /v1/heartbeats} with the device token. */
  public HeartbeatAck sendHeartbeats(HeartbeatBatch batch, DeviceToken token, Duration timeout) throws CollectorException {
    return post("/v1/heartbeats", batch, token.value(), timeout, HeartbeatAck.class);
  }

  /** The collector URL the next request goes to first: the one that answered last, or the next after a failure. */
  public URI currentUrl() {
    return urls.current();
  }

  /**
   * Closes the connection of a request in flight, so that the thread blocked in it fails at once
   * with a {@link CollectorException.Kind#NETWORK} error (blocking socket I/O ignores interrupts), and
   * tries no other URL for it. For an orderly stop that must not wait out a hanging collector.
   */
  public void abortInFlight() {
    abortRequested = true;
    http.abortInFlight();
  }

  private <T> T post(String path, Object body, String bearer, Duration timeout, Class<T> answer)
      throws CollectorException {
    byte[] json = Json.mapper().writeValueAsBytes(body);
    boolean gzipped = json.length > GZIP_ABOVE_BYTES;
    if (gzipped) {
      json = gzip(json);
    }
    abortRequested = false;
    long deadline = nanoTime.getAsLong() + timeout.toNanos();
    int[] order = urls.attemptOrder();
    List<CollectorException> failures = new ArrayList<>(1);
    boolean[] tried = new boolean[urls.size()];
    for (int k = 0; k < order.length; k++) {
      int i = order[k];
      URI base = urls.url(i);
      Duration left = k == 0 ? timeout : Duration.ofNanos(deadline - nanoTime.getAsLong());
      try {
        T result = http.post(base.resolve(base.getPath() + path), json, gzipped, bearer, left, answer);
        urls.answered(i);
        return result;
      } catch (CollectorException e) {
        if (stopping()) {
          throw e; // aborted for an orderly stop: not the URL's fault, and no time for another
        }
        if (!CollectorUrls.movesOn(e)) {
          urls.answered(i); // a 401, 400, 429… is an answer: this URL works
          throw e;
        }
        failures.add(e);
        tried[i] = true;
        boolean another = k + 1 < order.length && deadline - nanoTime.getAsLong() > 0;
        urls.failed(i, e, another ? order[k + 1] : -1);
        if (!another) {
          break;
        }
      }
    }
    throw urls.size() == 1 ? failures.get(0) : noneAnswered(failures, tried);
  }

  private boolean stopping() {
    return abortRequested || Thread.currentThread().isInterrupted();
  }

  /**
   * Every URL tried for a request failed: their messages in order, then why any other was not tried; the last
   * failure's kind and status.
   */
  private CollectorException noneAnswered(List<CollectorException> failures, boolean[] tried) {
    CollectorException last = failures.get(failures.size() - 1);
    StringBuilder message = new StringBuilder("no collector URL answered: ");
    for (int k = 0; k < failures.size(); k++) {
      message.append(k == 0 ? "" : "; ").append(failures.get(k).getMessage());
    }
    for (int i = 0; i < tried.length; i++) {
      if (!tried[i]) {
        message.append("; ").append(urls.url(i)).append(urls.sitOutLeft(i)
            .map(left -> " not asked: its Retry-After ends in " + Math.max(1, left.toSeconds()) + " s")
            .orElse(" not asked: the request's time was up"));
      }
    }
    CollectorException all = new CollectorException(last.kind(), last.status(), urls.retryAfterOfAll().orElse(null),
        last.collectorError().orElse(null), message.toString(), last);
    for (int k = 0; k < failures.size() - 1; k++) {
      all.addSuppressed(failures.get(k));
    }
    return all;
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
