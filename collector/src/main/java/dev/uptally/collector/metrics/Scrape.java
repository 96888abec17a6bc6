package dev.uptally.collector.metrics;

/**
 * One written scrape: the exposition format's content type, the body and how the body is encoded.
 *
 * @param contentEncoding {@code gzip} when the body is compressed, null when it is plain
 */
public record Scrape(String contentType, byte[] body, String contentEncoding) {

  public Scrape(String contentType, byte[] body) {
    this(contentType, body, null);
  }

  public boolean gzipped() {
    return "gzip".equals(contentEncoding);
  }
}
