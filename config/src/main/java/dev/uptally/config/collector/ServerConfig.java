package dev.uptally.config.collector;

import java.time.Duration;

/**
 * @param host address to bind (from {@code listen: "host:port"}; IPv6 written {@code "[::1]:8420"})
 * @param port 0 picks a free port (tests)
 * @param tls null for plaintext
 * @param allowPlaintext plaintext on a non-loopback address must be asked for
 * @param metricsToken null: {@code /metrics} needs no token
 * @param maxBodyBytes largest request body, after gzip decompression (default 4 MiB)
 * @param maxSamplesPerRequest default 1000
 * @param rateLimits what is answered with 429
 * @param requestTimeout a request's body must have arrived this long after its headers, else it is answered 408 and
 *     the connection closed (default 30 s)
 * @param admission watermarks that shed a restart storm with 503 and Retry-After
 */
public record ServerConfig(
    String host,
    int port,
    TlsConfig tls,
    boolean allowPlaintext,
    String metricsToken,
    long maxBodyBytes,
    int maxSamplesPerRequest,
    RateLimits rateLimits,
    Duration requestTimeout,
    Admission admission) {

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  public ServerConfig {
    java.util.Objects.requireNonNull(rateLimits, "rateLimits");
    java.util.Objects.requireNonNull(admission, "admission");
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("server.requestTimeout must be positive, got " + requestTimeout);
    }
  }

  /** With the default admission watermarks. */
  public ServerConfig(String host, int port, TlsConfig tls, boolean allowPlaintext, String metricsToken,
      long maxBodyBytes, int maxSamplesPerRequest, RateLimits rateLimits, Duration requestTimeout) {
    this(host, port, tls, allowPlaintext, metricsToken, maxBodyBytes, maxSamplesPerRequest, rateLimits,
        requestTimeout, Admission.DEFAULTS);
  }

  /** With the default request timeout. */
  public ServerConfig(String host, int port, TlsConfig tls, boolean allowPlaintext, String metricsToken,
      long maxBodyBytes, int maxSamplesPerRequest, RateLimits rateLimits) {
    this(host, port, tls, allowPlaintext, metricsToken, maxBodyBytes, maxSamplesPerRequest, rateLimits,
        DEFAULT_REQUEST_TIMEOUT);
  }

  /** With the default rate limits. */
  public ServerConfig(String host, int port, TlsConfig tls, boolean allowPlaintext, String metricsToken,
      long maxBodyBytes, int maxSamplesPerRequest) {
    this(host, port, tls, allowPlaintext, metricsToken, maxBodyBytes, maxSamplesPerRequest, RateLimits.DEFAULTS);
  }
}
