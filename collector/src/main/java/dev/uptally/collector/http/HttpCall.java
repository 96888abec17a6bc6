package dev.uptally.collector.http;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One complete HTTP request as an endpoint sees it: decoded path, query, headers, the (decompressed)
 * body and the collector clock when it arrived. Immutable apart from the shared header view, which
 * endpoints only read.
 *
 * @param path decoded request path without the query, e.g. {@code /api/v1/devices/abc}
 * @param pathParams values of the route template's {@code {name}} segments
 * @param receivedAtMillis collector clock when the request was complete, epoch millis
 * @param remoteAddress the peer's IP address as text (what the audit log records); null when not an IP socket
 */
public record HttpCall(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, String> pathParams,
    HttpHeaders headers,
    byte[] body,
    long receivedAtMillis,
    String remoteAddress) {

  private static final String BEARER = "bearer ";

  public HttpCall {
    query = Map.copyOf(query);
    pathParams = Map.copyOf(pathParams);
  }

  /** A call from no known address (tests of an endpoint alone). */
  public HttpCall(String method, String path, Map<String, List<String>> query, Map<String, String> pathParams,
      HttpHeaders headers, byte[] body, long receivedAtMillis) {
    this(method, path, query, pathParams, headers, body, receivedAtMillis, null);
  }

  HttpCall withPathParams(Map<String, String> params) {
    return new HttpCall(method, path, query, params, headers, body, receivedAtMillis, remoteAddress);
  }

  /** First value of a query parameter, null when absent. */
  public String query(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public String pathParam(String name) {
    return pathParams.get(name);
  }

  public String header(CharSequence name) {
    return headers.get(name);
  }

  /** The token of an {@code Authorization: Bearer …} header, null when absent or another scheme. */
  public String bearerToken() {
    return bearerToken(headers);
  }

  /** The token of an {@code Authorization: Bearer …} header, null when absent or another scheme. */
  static String bearerToken(HttpHeaders headers) {
    String value = headers.get("Authorization");
    if (value == null || value.length() <= BEARER.length()
        || !value.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return null;
    }
    String token = value.substring(BEARER.length()).trim();
    return token.isEmpty() ? null : token;
  }

  /** Whether the client listed gzip in {@code Accept-Encoding} (and did not refuse it with q=0). */
  public boolean acceptsGzip() {
    String accept = headers.get("Accept-Encoding");
    if (accept == null) {
      return false;
    }
    for (String part : accept.split(",")) {
      String[] bits = part.trim().split(";");
      String coding = bits[0].trim().toLowerCase(Locale.ROOT);
      if (coding.equals("gzip") || coding.equals("x-gzip") || coding.equals("*")) {
        return !(bits.length > 1 && bits[1].replace(" ", "").matches("q=0(\\.0*)?"));
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "HttpCall[" + method + " " + path + "]";
  }
}
