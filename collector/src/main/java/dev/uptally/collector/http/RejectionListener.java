package dev.uptally.collector.http;

/** Told about requests the pipeline refused before any endpoint saw them (for metrics). */
@FunctionalInterface
interface RejectionListener {

  RejectionListener NONE = (path, status, reason) -> {};

  /**
   * @param path request path without query, or {@code null} when the request line was unreadable
   * @param reason short label, e.g. {@code too_large}, {@code malformed}, {@code unsupported_media_type}
   */
  void rejected(String path, int status, String reason);
}
