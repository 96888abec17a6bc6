package dev.uptally.collector.http;

import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.ErrorBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * What an endpoint answers: status, body with its content type, extra headers. The HTTP layer adds
 * {@code Content-Length}, connection handling and the security headers.
 */
public record HttpReply(int status, String contentType, byte[] body, Map<String, String> headers) {

  public static final String JSON = "application/json";
  /** Bodies smaller than this are not worth compressing. */
  static final int GZIP_MIN_BYTES = 512;

  public HttpReply {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status out of range: " + status);
    }
    body = body == null ? new byte[0] : body;
    headers = Map.copyOf(headers);
  }

  /** The value serialised with {@link Json#mapper()}. */
  public static HttpReply json(int status, Object value) {
    return new HttpReply(status, JSON, Json.mapper().writeValueAsBytes(value), Map.of());
  }

  public static HttpReply ok(Object value) {
    return json(200, value);
  }

  /** {@code {"error": message}}. */
  public static HttpReply error(int status, String message) {
    return json(status, new ErrorBody(message));
  }

  public HttpReply withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new HttpReply(status, contentType, body, copy);
  }

  /** The same reply gzip-compressed when the client accepts it and the body is big enough. */
  public HttpReply gzipFor(HttpCall call) {
    HttpReply varied = withHeader("Vary", "Accept-Encoding");
    if (!call.acceptsGzip() || body.length < GZIP_MIN_BYTES || headers.containsKey("Content-Encoding")) {
      return varied;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip of a " + body.length + "-byte reply failed", e);
    }
    return new HttpReply(status, contentType, out.toByteArray(), varied.headers).withHeader("Content-Encoding", "gzip");
  }
}
