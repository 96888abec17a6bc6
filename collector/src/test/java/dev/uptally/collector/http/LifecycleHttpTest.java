package dev.uptally.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.protocol.HeartbeatAck;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifecycleHttpTest {

  private static final String BATCH = "{\"deviceId\":\"dev-1\",\"sentAt\":1,\"samples\":[]}";

  @Test
  void closeLetsAnInFlightRequestFinishAndClosesIdleConnections() throws Exception {
    CompletableFuture<HeartbeatAck> durable = new CompletableFuture<>();
    TestServer t = new TestServer();
    t.ingest.onHeartbeats = batch -> durable;
    try (Socket idle = new Socket("127.0.0.1", t.address.getPort())) {
      idle.setSoTimeout(10_000);
      // one answered request proves the server has this connection before shutdown starts
      idle.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readHead(idle.getInputStream())).startsWith("HTTP/1.1 200");
      idle.getInputStream().readNBytes("{\"status\":\"ok\"}".length());
      CompletableFuture<HttpResponse<String>> pending = t.client.sendAsync(
          HttpRequest.newBuilder(t.uri("/v1/heartbeats")).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(BATCH)).build(), HttpResponse.BodyHandlers.ofString());
      awaitCalls(t, 1);

      CompletableFuture<Void> closing = CompletableFuture.runAsync(t::close);
      assertThat(idle.getInputStream().read()).as("idle connection closed on shutdown").isEqualTo(-1);
      assertThat(closing).isNotDone();

      durable.complete(new HeartbeatAck(5, 30));
      HttpResponse<String> response = pending.get(10, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"ackedSeq\":5");
      closing.get(10, TimeUnit.SECONDS);
    } finally {
      t.close();
    }
  }

  @Test
  void portInUseFailsStartNamingTheAddress() {
    try (TestServer first = new TestServer()) {
      dev.uptally.config.collector.ServerConfig taken = new dev.uptally.config.collector.ServerConfig("127.0.0.1",
          first.address.getPort(), null, false, null, 0, 0);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TestServer(taken, null, HttpTimeouts.DEFAULTS))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + first.address.getPort());
      first.assertHealthy();
    }
  }

  @Test
  void slowAnswerIsNotCutOffByTheIdleTimeout() throws Exception {
    HttpTimeouts quick = new HttpTimeouts(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMillis(200));
    try (TestServer t = new TestServer(TestServer.config(null, null, 65536), null, quick)) {
      t.ingest.onHeartbeats = batch -> CompletableFuture.supplyAsync(() -> new HeartbeatAck(1, 30),
          CompletableFuture.delayedExecutor(700, TimeUnit.MILLISECONDS));
      byte[] body = BATCH.getBytes(StandardCharsets.US_ASCII);
      byte[] request = ("POST /v1/heartbeats HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n" + BATCH).getBytes(StandardCharsets.US_ASCII);
      String head;
      try (Socket socket = new Socket("127.0.0.1", t.address.getPort())) {
        socket.getOutputStream().write(request); // at once: the 200 ms header deadline starts at connect
        socket.setSoTimeout(10_000);
        head = readHead(socket.getInputStream());
      }

      assertThat(head).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    CompletableFuture<HeartbeatAck> durable = new CompletableFuture<>();
    try (TestServer t = new TestServer(); Socket socket = new Socket("127.0.0.1", t.address.getPort())) {
      t.ingest.onHeartbeats = batch -> durable;
      socket.setSoTimeout(10_000);
      byte[] body = BATCH.getBytes(StandardCharsets.US_ASCII);
      socket.getOutputStream().write(("POST /v1/heartbeats HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n" + BATCH
          + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      awaitCalls(t, 1);

      durable.complete(new HeartbeatAck(9, 30));
      String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

      assertThat(answers.indexOf("\"ackedSeq\":9")).isNotNegative()
          .isLessThan(answers.indexOf("\"status\":\"ok\""));
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      head.append((char) c);
      if (head.toString().endsWith("\r\n\r\n")) {
        break;
      }
    }
    return head.toString();
  }

  private static void awaitCalls(TestServer t, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (t.ingest.calls.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the service never saw the request");
      }
      Thread.sleep(5);
    }
  }
}
