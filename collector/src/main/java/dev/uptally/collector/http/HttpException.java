package dev.uptally.collector.http;

import java.util.Map;

/**
 * An answer other than success, thrown by an endpoint (synchronously or through its future). The
 * router turns it into {@code {"error": message}} with the status and extra headers.
 */
public class HttpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Map<String, String> headers;

  public HttpException(int status, String message) {
    this(status, message, Map.of());
  }

  public HttpException(int status, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.headers = Map.copyOf(headers);
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public static HttpException badRequest(String message) {
    return new HttpException(400, message);
  }

  public static HttpException notFound(String message) {
    return new HttpException(404, message);
  }
}
