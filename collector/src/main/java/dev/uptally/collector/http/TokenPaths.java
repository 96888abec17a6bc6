package dev.uptally.collector.http;

/**
 * The paths whose failed tokens count against the client address ({@link dev.uptally.collector.limits.AuthFailureLimiter}):
 * enrollment, the API and {@code /metrics}. Not {@code /v1/heartbeats}: see the limiter. Judged on the path
 * {@link RequestTarget} decided, the same one the router dispatches on.
 */
final class TokenPaths {

  static final String ENROLL = "/v1/enroll";
  static final String HEARTBEATS = "/v1/heartbeats";

  private TokenPaths() {}

  /** @param metricsToken whether {@code /metrics} checks a token (an open one must stay scrapeable from any address) */
  static boolean guarded(RequestTarget target, boolean metricsToken) {
    return guarded(target.path(), metricsToken);
  }

  /** @param path a path {@link RequestTarget} decided, or null for a refused target (not guarded) */
  static boolean guarded(String path, boolean metricsToken) {
    return path != null
        && (path.equals(ENROLL) || (metricsToken && path.equals("/metrics")) || path.startsWith("/api/"));
  }
}
