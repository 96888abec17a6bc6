package dev.uptally.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.ErrorBody;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * Arbitrary bytes on a connection, through the collector's whole HTTP pipeline ({@link CollectorInitializer}: codec,
 * gate, aggregation, gzip, sequencing, router, endpoints over fake services). Whatever arrives, no exception leaves
 * the pipeline; every answer is a well-formed HTTP response (a real status, a length that matches its body, the
 * security headers, and for an error a JSON {@code {"error": …}} naming the problem, never a 500); no request is
 * answered twice; no request after one that asked to close the connection is processed (RFC 9112 §9.6); while the
 * connection stays open every complete request has been answered; and how the bytes are split into reads does not
 * change the answers.
 *
 * <p>Regression mode (every build) replays {@code CollectorPipelineFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class CollectorPipelineFuzzTest {

  @FuzzTest
  // libFuzzer dictionary syntax: \\xNN for a byte outside printable ASCII, \\" for a quote
  @DictionaryEntries({"POST ", "GET ", "HEAD ", " HTTP/1.1\\x0d\\x0a", " HTTP/1.0\\x0d\\x0a", "\\x0d\\x0a\\x0d\\x0a",
      "Content-Length: ", "Transfer-Encoding: chunked", "Content-Type: application/json", "Content-Encoding: gzip",
      "Connection: close", "Expect: 100-continue", "Authorization: Bearer viewer-secret-token", "/v1/heartbeats",
      "/v1/enroll", "/api/v1/devices", "/metrics", "/healthz", "/readyz", "%2e%2e/", "?from=", "0\\x0d\\x0a\\x0d\\x0a",
      "{\\\"deviceId\\\":\\\"d1\\\",\\\"sentAt\\\":1764072000000,\\\"samples\\\":[]}"})
  void anyBytesGetWellFormedAnswersOrAClosedConnection(byte[] input) {
    EmbeddedPipeline whole = new EmbeddedPipeline();
    EmbeddedPipeline pieces = new EmbeddedPipeline();
    try {
      whole.feed(input, Math.max(1, input.length));
      pieces.feed(input, 7);
      List<EmbeddedPipeline.Answer> answers = whole.answers();
      byte[] written = whole.written();
      pieces.written();

      int finalAnswers = 0;
      for (EmbeddedPipeline.Answer a : answers) {
        assertWellFormed(a);
        if (!a.informational()) {
          finalAnswers++;
        }
      }
      assertThat(finalAnswers).as("answers (at most one per request %s)", whole.requestMethods())
          .isLessThanOrEqualTo(whole.requestMethods().size());
      List<Boolean> keepAlive = whole.dispatchedKeepAlive();
      assertThat(keepAlive.subList(0, Math.max(0, keepAlive.size() - 1)))
          .as("no request is processed after one that asked to close the connection").doesNotContain(false);
      if (whole.open()) {
        assertThat(finalAnswers).as("every complete request on a connection still open is answered: %s", answers)
            .isEqualTo(whole.completeRequests());
        assertThat(answers).noneMatch(a -> "close".equalsIgnoreCase(a.connection()));
      }
      if (!whole.requestMethods().contains("HEAD")) {
        assertThat(decodedStatuses(written)).as("the bytes written parse back as the same responses")
            .isEqualTo(statuses(answers));
      }
      assertThat(statuses(pieces.answers())).as("answers do not depend on how the bytes were split into reads")
          .isEqualTo(statuses(answers));
    } finally {
      whole.close();
      pieces.close();
    }
  }

  private static void assertWellFormed(EmbeddedPipeline.Answer a) {
    assertThat(a.status()).as("status").isBetween(100, 599).isNotEqualTo(500);
    assertThat(a.contentSecurityPolicy()).as("security headers on %s", a.status()).isNotNull();
    if (a.informational()) {
      return;
    }
    assertThat(a.contentLength()).as("Content-Length of a %s", a.status()).isEqualTo(Integer.toString(a.body().length));
    if (a.status() >= 400) {
      assertThat(a.contentType()).as("error body type").startsWith("application/json");
      ErrorBody error = Json.mapper().readValue(a.body(), ErrorBody.class);
      assertThat(error.error()).as("error message of a %s", a.status()).isNotBlank();
    }
  }

  private static List<Integer> statuses(List<EmbeddedPipeline.Answer> answers) {
    List<Integer> out = new ArrayList<>();
    answers.forEach(a -> out.add(a.status()));
    return out;
  }

  /** Parses what the server wrote with Netty's client-side decoder; every message must decode cleanly. */
  private static List<Integer> decodedStatuses(byte[] written) {
    EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder());
    List<Integer> out = new ArrayList<>();
    try {
      client.writeInbound(Unpooled.wrappedBuffer(written));
      client.finish();
      Object msg;
      while ((msg = client.readInbound()) != null) {
        try {
          if (msg instanceof HttpResponse response) {
            assertThat(response.decoderResult().isSuccess()).as("response decodes: %s", response.decoderResult())
                .isTrue();
            out.add(response.status().code());
          } else if (msg instanceof HttpContent content) {
            assertThat(content.decoderResult().isSuccess()).as("body decodes").isTrue();
          }
        } finally {
          ReferenceCountUtil.release(msg);
        }
      }
    } finally {
      client.finishAndReleaseAll();
    }
    return out;
  }
}
