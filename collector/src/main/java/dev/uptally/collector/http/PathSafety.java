package dev.uptally.collector.http;

import java.util.Locale;

/** Refuses request paths that try to leave the served tree, however they are encoded. */
final class PathSafety {

  private PathSafety() {}

  /**
   * @param rawPath the path as sent (percent-encoded)
   * @param decodedPath the same path decoded once
   */
  static boolean isTraversal(String rawPath, String decodedPath) {
    String raw = rawPath.toLowerCase(Locale.ROOT);
    if (raw.contains("%2e") || raw.contains("%2f") || raw.contains("%5c") || raw.contains("%00")
        || raw.contains("%25")) {
      return true;
    }
    if (decodedPath.indexOf('\\') >= 0 || decodedPath.indexOf('\0') >= 0) {
      return true;
    }
    for (String segment : decodedPath.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        return true;
      }
    }
    return false;
  }
}
