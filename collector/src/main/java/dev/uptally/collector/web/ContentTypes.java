package dev.uptally.collector.web;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Content types of the files the dashboard is made of, by file name. Names without one are not served. */
final class ContentTypes {

  private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("map", "application/json"),
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("woff2", "font/woff2"));

  private ContentTypes() {}

  /** @param fileName last path segment; {@code LICENSE} files are plain text */
  static Optional<String> of(String fileName) {
    if (fileName.equals("LICENSE")) {
      return Optional.of("text/plain; charset=utf-8");
    }
    int dot = fileName.lastIndexOf('.');
    if (dot <= 0 || dot == fileName.length() - 1) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT)));
  }
}
