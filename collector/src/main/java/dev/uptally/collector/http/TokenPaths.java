package dev.uptally.collector.http;

import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * The paths whose failed tokens count against the client address ({@link dev.uptally.collector.limits.AuthFailureLimiter}):
 * enrollment, the API and {@code /metrics}. Not {@code /v1/heartbeats}: see the limiter.
 */
final class TokenPaths {

  private TokenPaths() {}

  /**
   * @param uri the request target as sent; one that does not decode is not guarded (the router answers 400)
   * @param metricsToken whether {@code /metrics} checks a token (an open one must stay scrapeable from any address)
   */
  static boolean guarded(String uri, boolean metricsToken) {
    String path;
    try {
      path = new QueryStringDecoder(uri).path();
    } catch (IllegalArgumentException e) {
      return false;
    }
    return path.equals("/v1/enroll") || (metricsToken && path.equals("/metrics")) || path.startsWith("/api/");
  }
}
