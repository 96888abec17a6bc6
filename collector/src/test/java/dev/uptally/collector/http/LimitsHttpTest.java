package dev.uptally.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.config.collector.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class LimitsHttpTest {

  private static final String BATCH = "{\"deviceId\":\"dev-1\",\"sentAt\":1,\"samples\":[]}";

  @Test
  void declaredBodyAboveTheCapIsRefused413BeforeItIsRead() throws IOException {
    try (TestServer t = new TestServer()) {
      String answer = t.raw("POST /v1/heartbeats HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 70000\r\n\r\n" + "{".repeat(1000));

      assertThat(answer).startsWith("HTTP/1.1 413").contains("70000 bytes exceeds the limit of 65536 bytes",
          "Content-Security-Policy: default-src 'self'", "X-Content-Type-Options: nosniff");
      assertThat(new String(t.metrics.scrape(null).body()))
          .contains("uptally_ingest_rejected_total{reason=\"too_large\"} 1.0",
              "uptally_ingest_requests_total{endpoint=\"heartbeats\",status=\"413\"} 1.0");
      t.assertHealthy();
    }
  }

  @Test
  void chunkedBodyGrowingPastTheCapIsRefused413() {
    try (TestServer t = new TestServer()) {
      byte[] big = ("{\"deviceId\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> response = t.send(HttpRequest.newBuilder(t.uri("/v1/enroll"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build());

      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.body()).contains("exceeds the limit of 65536 bytes");
      t.assertHealthy();
    }
  }

  @Test
  void gzipBodyIsInflatedBeforeDecoding() throws IOException {
    try (TestServer t = new TestServer()) {
      HttpResponse<String> response = t.send(HttpRequest.newBuilder(t.uri("/v1/heartbeats"))
          .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
          .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(BATCH.getBytes(StandardCharsets.UTF_8)))).build());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(t.ingest.calls).hasSize(1);
    }
  }

  @Test
  void brokenGzipIsRefused400() {
    try (TestServer t = new TestServer()) {
      HttpResponse<String> response = t.send(HttpRequest.newBuilder(t.uri("/v1/heartbeats"))
          .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
          .POST(HttpRequest.BodyPublishers.ofString(BATCH)).build());

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("not valid gzip");
      t.assertHealthy();
    }
  }

  @Test
  void unsupportedContentEncodingIsRefused415() {
    try (TestServer t = new TestServer()) {
      HttpResponse<String> response = t.postJson("/v1/heartbeats", BATCH, "Content-Encoding", "br");
      assertThat(response.statusCode()).isEqualTo(415);
      assertThat(response.body()).contains("'br'");
      t.assertHealthy();
    }
  }

  @Test
  void gzipBombIsRefused413WithinTheCapAndTheServerStaysHealthy() throws IOException {
    ServerConfig config = new ServerConfig("127.0.0.1", 0, null, false, null, 4L * 1024 * 1024, 1000);
    try (TestServer t = new TestServer(config, null, HttpTimeouts.DEFAULTS)) {
      byte[] bomb = gzipOfZeros(1L << 30);
      assertThat(bomb.length).as("1 GiB of zeros compressed").isLessThan(2 * 1024 * 1024);
      byte[] head = ("POST /v1/heartbeats HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Encoding: gzip\r\nContent-Length: " + bomb.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      byte[] request = new byte[head.length + bomb.length];
      System.arraycopy(head, 0, request, 0, head.length);
      System.arraycopy(bomb, 0, request, head.length, bomb.length);

      String answer = t.raw(request);

      assertThat(answer).startsWith("HTTP/1.1 413").contains("inflates to more than the limit of 4194304 bytes");
      assertThat(t.ingest.calls).isEmpty();
      t.assertHealthy();
    }
  }

  @Test
  void oversizedHeadersAreAnswered431() throws IOException {
    try (TestServer t = new TestServer()) {
      String answer = t.raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
      assertThat(answer).startsWith("HTTP/1.1 431").contains("headers larger than 16384 bytes");
      t.assertHealthy();
    }
  }

  @Test
  void overlongRequestLineIsAnswered414() throws IOException {
    try (TestServer t = new TestServer()) {
      String answer = t.raw("GET /healthz?" + "q".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(answer).startsWith("HTTP/1.1 414");
      t.assertHealthy();
    }
  }

  @Test
  void garbageIsAnswered400() throws IOException {
    try (TestServer t = new TestServer()) {
      String answer = t.raw("\u0001\u0002 nonsense \r\n\r\n");
      assertThat(answer).startsWith("HTTP/1.1 400");
      t.assertHealthy();
    }
  }

  @Test
  void badPercentEncodingIsAnswered400() throws IOException {
    try (TestServer t = new TestServer()) {
      assertThat(t.raw("GET /healthz?x=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
          .startsWith("HTTP/1.1 400").contains("percent-encoded");
      assertThat(t.raw("GET /api/v1/devices/%e2%28 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
          .startsWith("HTTP/1.1 4");
      assertThat(t.raw("GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400");
      t.assertHealthy();
    }
  }

  @Test
  void silentConnectionIsClosedAfterTheIdleTime() throws IOException {
    HttpTimeouts quick = new HttpTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofMillis(200));
    try (TestServer t = new TestServer(TestServer.config(null, null, 65536), null, quick)) {
      // started before connecting: the server's idle timer cannot start earlier, so this bound holds however slow we are
      long start = System.nanoTime();
      try (Socket socket = new Socket("127.0.0.1", t.address.getPort())) {
        socket.setSoTimeout(10_000);
        assertThat(socket.getInputStream().read()).as("server closes the idle connection").isEqualTo(-1);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
      t.assertHealthy();
    }
  }

  @Test
  void tricklingHeadersAreCutOffAfterTheIdleTime() throws IOException, InterruptedException {
    HttpTimeouts quick = new HttpTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofMillis(200));
    try (TestServer t = new TestServer(TestServer.config(null, null, 65536), null, quick);
        Socket socket = new Socket("127.0.0.1", t.address.getPort())) {
      java.io.OutputStream out = socket.getOutputStream();
      out.write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      boolean closed = false;
      // one byte every 50 ms keeps a plain reader-idle timer (300 ms) from ever firing
      while (!closed && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
        Thread.sleep(50);
        try {
          out.write('a');
          out.flush();
        } catch (IOException e) {
          closed = true;
        }
      }
      assertThat(closed).as("connection closed while headers trickled in").isTrue();
      t.assertHealthy();
    }
  }

  @Test
  void keepAliveConnectionServesSeveralRequests() throws IOException {
    try (TestServer t = new TestServer(); Socket socket = new Socket("127.0.0.1", t.address.getPort())) {
      socket.setSoTimeout(10_000);
      String request = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
      socket.getOutputStream().write((request + request.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"))
          .getBytes(StandardCharsets.US_ASCII));
      String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answers.split("HTTP/1.1 200", -1)).hasSize(3);
    }
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405WithAllow() {
    try (TestServer t = new TestServer()) {
      assertThat(t.get("/nope").statusCode()).isEqualTo(404);
      assertThat(t.postJson("/nope", "{}").statusCode()).isEqualTo(404);
      HttpResponse<String> wrongMethod = t.get("/v1/heartbeats");
      assertThat(wrongMethod.statusCode()).isEqualTo(405);
      assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
      assertThat(wrongMethod.body()).contains("\"error\"");
    }
  }

  @Test
  void plaintextOnANonLoopbackAddressIsRefused() {
    ServerConfig open = new ServerConfig("0.0.0.0", 0, null, false, null, 0, 0);
    assertThatThrownBy(() -> CollectorServer.requireSafeTransport(open))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("0.0.0.0").hasMessageContaining("server.tls").hasMessageContaining("allowPlaintext");
    CollectorServer.requireSafeTransport(new ServerConfig("0.0.0.0", 0, null, true, null, 0, 0));
    CollectorServer.requireSafeTransport(new ServerConfig("localhost", 0, null, false, null, 0, 0));
  }

  @Test
  void startRefusesPlaintextOnANonLoopbackAddress() {
    ServerConfig open = new ServerConfig("0.0.0.0", 0, null, false, null, 0, 0);
    FakeIngest ingest = new FakeIngest();
    try (var metrics = new dev.uptally.collector.metrics.MetricsEndpoint();
        CollectorServer server = new CollectorServer(open, new dev.uptally.config.collector.ApiConfig(java.util.List.of()),
            ingest, new FakeQueries(), metrics, java.time.Clock.systemUTC())) {
      assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("refusing to serve plaintext");
    }
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }

  /**
   * {@code size} zero bytes (a multiple of 1 MiB) gzip-compressed, built without compressing them all:
   * after a full flush a deflate stream restarts from scratch, so the compressed form of one 1 MiB
   * block of zeros can be repeated, followed by an empty final block and the gzip trailer.
   */
  static byte[] gzipOfZeros(long size) {
    byte[] zeros = new byte[1 << 20];
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(zeros);
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH)) > 0) {
      block.write(buffer, 0, n);
    }
    deflater.end();
    CRC32 crc = new CRC32();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
    byte[] compressedBlock = block.toByteArray();
    for (long written = 0; written < size; written += zeros.length) {
      out.writeBytes(compressedBlock);
      crc.update(zeros);
    }
    out.writeBytes(new byte[] {3, 0});
    writeIntLittleEndian(out, crc.getValue());
    writeIntLittleEndian(out, size);
    return out.toByteArray();
  }

  private static void writeIntLittleEndian(ByteArrayOutputStream out, long value) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }

  @Test
  void gzipOfZerosHelperProducesValidGzip() throws IOException {
    byte[] small = gzipOfZeros(3L << 20);
    try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(small))) {
      byte[] all = in.readAllBytes();
      assertThat(all).hasSize(3 << 20);
      assertThat(all).containsOnly(0);
    }
  }
}
