package dev.uptally.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.http.HttpCall;
import dev.uptally.collector.http.HttpException;
import dev.uptally.collector.http.JsonBodies;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.util.Map;
import java.util.Optional;

/** Decodes a request body exactly as the ingest endpoints do ({@link JsonBodies}), for the decoder fuzz tests. */
final class WireBodies {

  /** The collector clock when the fuzzed requests arrive: 2025-11-25T12:00:00Z. */
  static final long RECEIVED_MILLIS = 1_764_072_000_000L;

  private WireBodies() {}

  /** The decoded body, or empty when the collector refused it with a 400 that says what was wrong. */
  static <T> Optional<T> decode(byte[] body, Class<T> type) {
    HttpCall call = new HttpCall("POST", "/v1/x", Map.of(), Map.of(), new DefaultHttpHeaders(), body, RECEIVED_MILLIS);
    try {
      return Optional.of(JsonBodies.read(call, type));
    } catch (HttpException e) {
      assertThat(e.status()).as("status refusing a body that does not decode").isEqualTo(400);
      assertThat(e.getMessage()).as("refusal message").isNotBlank();
      return Optional.empty();
    }
  }

  /** A refusal by ingest validation: a 400 (or a 413 for too many samples) whose message names a field. */
  static void assertRefusal(IngestException e, String... fields) {
    assertThat(e.status()).as("status of '%s'", e.getMessage()).isIn(400, 413);
    assertThat(e.getMessage()).as("a refusal names the field").containsAnyOf(fields);
  }
}
