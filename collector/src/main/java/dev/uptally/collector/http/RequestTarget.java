package dev.uptally.collector.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one decision of which path a request is for. The request gate parses every target with {@link #parse} before
 * any routing or token check, and the failed-token limiter ({@link TokenPaths}), the header token check and the
 * router all use the path it returns, so no spelling of a path can be routed one way and counted another.
 *
 * <p>Only origin-form is served (RFC 9112 §3.2.1: an absolute path starting with {@code /}, an optional query).
 * Refused, as 400: a target without its leading slash ({@code api/v1/devices}), absolute-form
 * ({@code http://host/path}), authority-form ({@code host:443}), asterisk-form ({@code *}), a fragment, an empty
 * segment ({@code //}), a backslash, dot segments, percent-encoded {@code / \ . %} or NUL (they could change the route
 * after decoding), control characters and invalid percent-encoding. What is accepted decodes to a path with no empty
 * or dot segment that the router splits exactly as it was checked.
 *
 * @param path the decoded path without the query, e.g. {@code /api/v1/devices/abc}; starts with {@code /}
 * @param query decoded query parameters
 */
record RequestTarget(String path, Map<String, List<String>> query) {

  private static final int SHOWN_CHARS = 120;

  RequestTarget {
    query = Map.copyOf(query);
  }

  /**
   * @param uri the request target as sent
   * @throws HttpException 400 naming the target and what is wrong with it
   */
  static RequestTarget parse(String uri) {
    if (uri == null || !uri.startsWith("/")) {
      throw refused(uri, "it must start with '/' (absolute-form 'http://host/...', authority-form 'host:port' and '*'"
          + " are not served)");
    }
    if (uri.indexOf('#') >= 0) {
      throw refused(uri, "a request target carries no fragment ('#')");
    }
    QueryStringDecoder decoder = new QueryStringDecoder(uri);
    String raw = decoder.rawPath();
    if (raw.contains("//")) {
      throw refused(uri, "the path has an empty segment ('//')");
    }
    if (raw.indexOf('\\') >= 0) {
      throw refused(uri, "the path contains a backslash");
    }
    String lower = raw.toLowerCase(Locale.ROOT);
    for (String encoded : List.of("%2f", "%5c", "%2e", "%25", "%00")) {
      if (lower.contains(encoded)) {
        throw refused(uri, "the path percent-encodes '/', '\\', '.', '%' or NUL (" + encoded.toUpperCase(Locale.ROOT)
            + "), which could change the route once decoded");
      }
    }
    String path;
    Map<String, List<String>> query;
    try {
      path = decoder.path();
      query = decoder.parameters();
    } catch (IllegalArgumentException e) {
      throw refused(uri, "it is not validly percent-encoded (" + e.getMessage() + ")");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw refused(uri, "the path contains a control character (0x" + Integer.toHexString(c) + ")");
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        throw refused(uri, "the path has a dot segment ('" + segment + "')");
      }
    }
    return new RequestTarget(path, query);
  }

  /** The decoded path of a target that {@link #parse} accepts, else null (for metrics labels of refusals). */
  static String pathOrNull(String uri) {
    try {
      return parse(uri).path();
    } catch (HttpException e) {
      return null;
    }
  }

  private static HttpException refused(String uri, String why) {
    String shown = uri == null ? "" : uri.length() <= SHOWN_CHARS ? uri : uri.substring(0, SHOWN_CHARS) + "...";
    return HttpException.badRequest("request target '" + shown + "' is not served: " + why);
  }
}
