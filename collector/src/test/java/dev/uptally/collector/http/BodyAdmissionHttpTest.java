package dev.uptally.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What an unauthenticated or slow client can make the collector hold: a wrong token is answered from the headers,
 * before any body byte is read; a body that does not arrive within {@code server.requestTimeout} is answered 408 and
 * the connection closed, however it trickles. The idle time is 60 s throughout, so only the request timeout can
 * end these connections early. Socket timeouts are generous (a loaded machine initialises slowly); the bounds asserted
 * are far below the idle time.
 */
class BodyAdmissionHttpTest {

  private static final Duration QUICK = Duration.ofMillis(300);
  private static final String HEADERS = "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
      + "Content-Type: application/json\r\nContent-Length: 60000\r\n%s\r\n";

  private static TestServer server(Duration requestTimeout) {
    return new TestServer(TestServer.limited(requestTimeout), null,
        new HttpTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofMillis(200)));
  }

  /** Sends the head of a request whose declared body never follows; returns what the server answers. */
  private static String headersOnly(TestServer t, String path, String token, String extra) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", t.address.getPort())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(String.format(HEADERS, path, token, extra).getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void aHeartbeatWithAnUnknownDeviceTokenIsAnswered401FromItsHeadersBeforeItsBodyArrives() throws IOException {
    try (TestServer t = server(Duration.ofSeconds(30))) {
      t.ingest.deviceTokens = token -> token.equals("device-token-1");

      String answer = headersOnly(t, "/v1/heartbeats", "forged", "");

      assertThat(answer).startsWith("HTTP/1.1 401").contains("{\"error\":\"device token is not valid (re-enroll)\"}");
      assertThat(t.ingest.calls).as("the endpoint never ran").isEmpty();
      assertThat(new String(t.metrics.scrape(null).body()))
          .contains("uptally_ingest_requests_total{endpoint=\"heartbeats\",status=\"401\"} 1.0",
              "uptally_ingest_rejected_total{reason=\"bad_token\"} 1.0");
      t.assertHealthy();
    }
  }

  @Test
  void anExpectContinueClientWithAWrongTokenIsRefusedBeforeItIsAskedForTheBody() throws IOException {
    try (TestServer t = server(Duration.ofSeconds(30))) {
      t.ingest.deviceTokens = token -> false;
      String answer = headersOnly(t, "/v1/heartbeats", "forged", "Expect: 100-continue\r\n");
      assertThat(answer).startsWith("HTTP/1.1 401").doesNotContain("100 Continue");
    }
  }

  /** Found by fuzzing: Netty's aggregator answered an unknown expectation with a bare 417, no JSON error body. */
  @Test
  void anExpectationOtherThan100ContinueIsRefusedWithAJsonError() throws IOException {
    try (TestServer t = server(Duration.ofSeconds(30))) {
      t.ingest.deviceTokens = token -> token.equals("device-token-1");
      String answer = headersOnly(t, "/v1/heartbeats", "device-token-1", "Expect: 100-cont;nue\r\n");
      assertThat(answer).startsWith("HTTP/1.1 417").contains("application/json")
          .contains("{\"error\":\"Expect '100-cont;nue' is not supported (only 100-continue)\"}");
      assertThat(t.ingest.calls).isEmpty();
      t.assertHealthy();
    }
  }

  @Test
  void wrongEnrollmentTokensAreRefusedFromTheHeadersAndCountAgainstTheAddress() throws IOException {
    try (TestServer t = server(Duration.ofSeconds(30))) {
      t.ingest.enrollmentTokens = token -> token.equals("acme-enroll");
      for (int i = 0; i < 3; i++) {
        assertThat(headersOnly(t, "/v1/enroll", "guess-" + i, "")).as("guess %d", i).startsWith("HTTP/1.1 401")
            .contains("enrollment token is not valid for any client");
      }
      assertThat(headersOnly(t, "/v1/enroll", "acme-enroll", "")).as("three failures: the address is held off")
          .startsWith("HTTP/1.1 429");
      assertThat(t.ingest.calls).isEmpty();
    }
  }

  @Test
  void aBodyThatStallsAfterItsHeadersIsAnswered408WithinTheRequestTimeout() throws IOException {
    try (TestServer t = server(QUICK); Socket socket = new Socket("127.0.0.1", t.address.getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write((String.format(HEADERS, "/v1/heartbeats", "device-token-1", "") + "{\"deviceId\":")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long start = System.nanoTime();

      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

      assertThat(answer).startsWith("HTTP/1.1 408").contains("request body not complete within 300 ms",
          "server.requestTimeout");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the 60 s idle time")
          .isLessThan(Duration.ofSeconds(20));
      assertThat(t.ingest.calls).isEmpty();
      assertThat(new String(t.metrics.scrape(null).body()))
          .contains("uptally_ingest_rejected_total{reason=\"timeout\"} 1.0");
      t.assertHealthy();
    }
  }

  @Test
  void aBodyTrickledAByteAtATimeIsCutOffAlthoughTheConnectionNeverGoesIdle() throws Exception {
    try (TestServer t = server(QUICK); Socket socket = new Socket("127.0.0.1", t.address.getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(String.format(HEADERS, "/v1/heartbeats", "device-token-1", "").getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      StringBuilder answer = new StringBuilder();
      long start = System.nanoTime();
      // one byte every 20 ms: the connection is never idle; answers are read as they come
      for (int sent = 0; sent < 1000 && answer.indexOf("\r\n\r\n") < 0; sent++) {
        try {
          out.write('1');
          out.flush();
        } catch (IOException e) {
          break; // closed by the server; its answer is still readable
        }
        Thread.sleep(20);
        while (in.available() > 0) {
          answer.append((char) in.read());
        }
      }
      socket.setSoTimeout(20_000);
      int b;
      while (answer.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0) {
        answer.append((char) b);
      }
      assertThat(answer.toString()).startsWith("HTTP/1.1 408");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
      t.assertHealthy();
    }
  }

  @Test
  void aBodyThatArrivesInTimeIsServed() throws IOException {
    try (TestServer t = server(Duration.ofSeconds(30))) {
      String body = "{\"deviceId\":\"dev-1\",\"sentAt\":1,\"samples\":[]}";
      String answer = t.raw("POST /v1/heartbeats HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer device-token-1\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
          + body);
      assertThat(answer).startsWith("HTTP/1.1 200");
      assertThat(t.ingest.calls).hasSize(1);
    }
  }
}
