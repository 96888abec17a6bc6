package dev.uptally.collector.web;

import java.util.Optional;

/**
 * Files the collector serves outside the API (the NOC dashboard at {@code /}). The HTTP layer asks for
 * every GET path that no other route takes. Thread-safe.
 */
public interface StaticContent {

  /** @param path the request path without query, e.g. {@code /} or {@code /assets/app.js} */
  Optional<Asset> find(String path);

  /** @param cacheable true for versioned assets that may be cached long */
  record Asset(byte[] body, String contentType, boolean cacheable) {}
}
