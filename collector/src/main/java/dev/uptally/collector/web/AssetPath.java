package dev.uptally.collector.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * A request path mapped onto a classpath resource name, or nothing when the path is not one the dashboard
 * serves. Refuses traversal in every spelling: after one percent-decoding only {@code [A-Za-z0-9._/-]} may
 * remain, no segment may be empty or start with a dot ({@code ..}, {@code .}, hidden files), and a path that
 * still holds {@code %} (double encoding) is refused.
 *
 * @param resourceName classpath resource name, no leading slash
 * @param fileName last segment, which decides the content type
 * @param cacheable true for WebJar files, whose path carries their version
 */
record AssetPath(String resourceName, String fileName, boolean cacheable) {

  static final String WEBJARS_PATH = "/webjars/";
  static final String WEBJARS_RESOURCES = "META-INF/resources/webjars/";
  /** WebJars the dashboard uses; any other on the classpath stays private. */
  static final Set<String> SERVED_WEBJARS = Set.of("uplot");
  private static final int MAX_PATH_CHARS = 512;

  static Optional<AssetPath> resolve(String requestPath, String webRoot) {
    if (requestPath == null || requestPath.length() > MAX_PATH_CHARS || !requestPath.startsWith("/")) {
      return Optional.empty();
    }
    Optional<String> decoded = percentDecode(requestPath);
    if (decoded.isEmpty() || !isPlain(decoded.get())) {
      return Optional.empty();
    }
    // a folder's address is its index.html: "/" the dashboard, "/portal/" the client portal
    String path = decoded.get().endsWith("/") ? decoded.get() + "index.html" : decoded.get();
    String[] segments = path.substring(1).split("/", -1);
    for (String segment : segments) {
      if (segment.isEmpty() || segment.startsWith(".")) {
        return Optional.empty();
      }
    }
    String fileName = segments[segments.length - 1];
    if (path.startsWith(WEBJARS_PATH)) {
      // /webjars/{name}/{version}/{file…}: only listed WebJars, and only with a file below the version
      if (segments.length < 4 || !SERVED_WEBJARS.contains(segments[1])) {
        return Optional.empty();
      }
      return Optional.of(new AssetPath(WEBJARS_RESOURCES + path.substring(WEBJARS_PATH.length()), fileName, true));
    }
    return Optional.of(new AssetPath(webRoot + path.substring(1), fileName, false));
  }

  private static boolean isPlain(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-' || c == '/';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Strict single decoding: a malformed escape refuses the path rather than passing it through. */
  private static Optional<String> percentDecode(String path) {
    if (path.indexOf('%') < 0) {
      return Optional.of(path);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '%') {
        bytes.write(c);
        continue;
      }
      if (i + 2 >= path.length()) {
        return Optional.empty();
      }
      int hi = Character.digit(path.charAt(i + 1), 16);
      int lo = Character.digit(path.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        return Optional.empty();
      }
      bytes.write(hi * 16 + lo);
      i += 2;
    }
    String decoded = bytes.toString(StandardCharsets.UTF_8);
    return decoded.indexOf('%') >= 0 ? Optional.empty() : Optional.of(decoded);
  }
}
