package dev.uptally.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Pipelined requests on one connection, through the real pipeline on an embedded channel. */
class RequestSequencerTest {

  private static final String HEARTBEAT = "{\"deviceId\":\"d1\",\"sentAt\":1764072000000,\"samples\":[]}";
  private static final String POST_HEARTBEAT = "POST /v1/heartbeats HTTP/1.1\r\nHost: c\r\nAuthorization: Bearer t\r\n"
      + "Content-Type: application/json\r\nContent-Length: " + HEARTBEAT.length() + "\r\n\r\n" + HEARTBEAT;

  @Test
  void aRequestPipelinedAfterConnectionCloseIsNeverProcessed() {
    // found by CollectorPipelineFuzzTest: the heartbeat behind the closing request was applied, its answer lost
    String input = "GET /healthz HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n" + POST_HEARTBEAT;
    EmbeddedPipeline pipeline = new EmbeddedPipeline();
    try {
      pipeline.feed(input.getBytes(StandardCharsets.ISO_8859_1), input.length());

      assertThat(pipeline.answers()).extracting(EmbeddedPipeline.Answer::status).containsExactly(200);
      assertThat(EmbeddedPipeline.INGEST.calls).as("the heartbeat after Connection: close").isEmpty();
      assertThat(pipeline.open()).isFalse();
    } finally {
      pipeline.close();
    }
  }

  @Test
  void anHttp10RequestWithoutKeepAliveIsTheLastOneProcessed() {
    String input = "GET /healthz HTTP/1.0\r\n\r\n" + POST_HEARTBEAT;
    EmbeddedPipeline pipeline = new EmbeddedPipeline();
    try {
      pipeline.feed(input.getBytes(StandardCharsets.ISO_8859_1), input.length());

      assertThat(pipeline.dispatchedKeepAlive()).containsExactly(false);
      assertThat(EmbeddedPipeline.INGEST.calls).isEmpty();
    } finally {
      pipeline.close();
    }
  }

  @Test
  void keepAliveRequestsPipelinedTogetherAreAllAnsweredInOrder() {
    String input = "GET /healthz HTTP/1.1\r\nHost: c\r\n\r\n" + POST_HEARTBEAT + "GET /nowhere HTTP/1.1\r\nHost: c\r\n\r\n";
    EmbeddedPipeline pipeline = new EmbeddedPipeline();
    try {
      pipeline.feed(input.getBytes(StandardCharsets.ISO_8859_1), input.length());

      assertThat(pipeline.answers()).extracting(EmbeddedPipeline.Answer::status).containsExactly(200, 200, 404);
      assertThat(EmbeddedPipeline.INGEST.calls).hasSize(1);
      assertThat(pipeline.open()).isTrue();
    } finally {
      pipeline.close();
    }
  }
}
