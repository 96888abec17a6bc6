package dev.uptally.collector.status;

import dev.uptally.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * A status page rendered once per computation, as JSON and HTML, each also gzip-compressed, so that serving it is a
 * copy of bytes. The arrays are shared: callers must not modify them.
 */
public record RenderedStatus(StatusSnapshot snapshot, byte[] json, byte[] jsonGzip, byte[] html, byte[] htmlGzip) {

  static RenderedStatus of(StatusSnapshot snapshot) {
    byte[] json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(snapshot);
    byte[] html = StatusPageHtml.render(snapshot).getBytes(StandardCharsets.UTF_8);
    return new RenderedStatus(snapshot, json, gzip(json), html, gzip(html));
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip of a " + body.length + "-byte status page failed", e);
    }
    return out.toByteArray();
  }
}
