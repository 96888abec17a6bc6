package dev.uptally.config.collector;

/**
 * @param host address to bind (from {@code listen: "host:port"}; IPv6 written {@code "[::1]:8420"})
 * @param port 0 picks a free port (tests)
 * @param tls null for plaintext
 * @param allowPlaintext plaintext on a non-loopback address must be asked for
 * @param metricsToken null: {@code /metrics} needs no token
 * @param maxBodyBytes largest request body, after gzip decompression (default 4 MiB)
 * @param maxSamplesPerRequest default 1000
 * @param rateLimits what is answered with 429
 */
public record ServerConfig(
    String host,
    int port,
    TlsConfig tls,
    boolean allowPlaintext,
    String metricsToken,
    long maxBodyBytes,
    int maxSamplesPerRequest,
    RateLimits rateLimits) {

  public ServerConfig {
    java.util.Objects.requireNonNull(rateLimits, "rateLimits");
  }

  /** With the default rate limits. */
  public ServerConfig(String host, int port, TlsConfig tls, boolean allowPlaintext, String metricsToken,
      long maxBodyBytes, int maxSamplesPerRequest) {
    this(host, port, tls, allowPlaintext, metricsToken, maxBodyBytes, maxSamplesPerRequest, RateLimits.DEFAULTS);
  }
}
