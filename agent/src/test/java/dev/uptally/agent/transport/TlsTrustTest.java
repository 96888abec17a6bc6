package dev.uptally.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.uptally.agent.identity.DeviceToken;
import dev.uptally.agent.testing.FakeCollector;
import dev.uptally.agent.testing.ManualClock;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.HeartbeatBatch;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A collector with a self-signed certificate is trusted exactly when its certificate is given as the CA file. */
class TlsTrustTest {

  @TempDir static Path dir;
  private static HttpsServer server;
  private static Path caPem;

  @BeforeAll
  static void startTlsCollector() throws Exception {
    Path ks = dir.resolve("collector.p12");
    caPem = dir.resolve("collector-ca.pem");
    keytool("-genkeypair", "-alias", "collector", "-keyalg", "EC", "-dname", "CN=localhost",
        "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", ks.toString(),
        "-storepass", "changeit", "-storetype", "PKCS12");
    keytool("-exportcert", "-rfc", "-alias", "collector", "-keystore", ks.toString(), "-storepass", "changeit",
        "-file", caPem.toString());

    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      keyStore.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keyStore, "changeit".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx));
    server.createContext("/v1/heartbeats", ex -> {
      try (ex) {
        ex.getRequestBody().readAllBytes();
        byte[] body = "{\"ackedSeq\":0,\"intervalSeconds\":30}".getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      }
    });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    List<String> cmd = new java.util.ArrayList<>(List.of(keytool));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("keytool " + String.join(" ", args) + ": " + out).isZero();
  }

  private static URI url() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  private static HeartbeatBatch emptyBatch() {
    return new HeartbeatBatch("3f2c", 1L, List.of(), 0L);
  }

  @Test
  void collectorCertificateIsTrustedThroughTheCaFile() throws Exception {
    CollectorClient client = new CollectorClient(url(), caPem, null, "t");
    assertThat(client.sendHeartbeats(emptyBatch(), new DeviceToken("t"), Duration.ofSeconds(10)))
        .isEqualTo(new HeartbeatAck(0, 30));
  }

  @Test
  void withoutTheCaFileTheSelfSignedCollectorIsRefused() throws Exception {
    CollectorClient client = new CollectorClient(url(), null, null, "t");
    assertThatThrownBy(() -> client.sendHeartbeats(emptyBatch(), new DeviceToken("t"), Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(CollectorException.class,
            e -> assertThat(e.kind()).isEqualTo(CollectorException.Kind.NETWORK));
  }

  @Test
  void aTlsHandshakeFailureMovesToTheNextCollectorUrl() throws Exception {
    try (FakeCollector plain = new FakeCollector()) {
      plain.otherwise(r -> FakeCollector.Answer.ok("{\"ackedSeq\":0,\"intervalSeconds\":15}"));
      CollectorClient client = new CollectorClient(List.of(url(), plain.url()), null, null, "t",
          new ManualClock(1_764_000_000_000L));
      assertThat(client.sendHeartbeats(emptyBatch(), new DeviceToken("t"), Duration.ofSeconds(10)))
          .isEqualTo(new HeartbeatAck(0, 15));
      assertThat(client.currentUrl()).isEqualTo(plain.url());
    }
  }

  @Test
  void aCaFileWithoutCertificatesIsRejectedNamingTheFile() throws Exception {
    Path bogus = Files.writeString(dir.resolve("bogus.pem"), "not a certificate");
    assertThatThrownBy(() -> new CollectorClient(url(), bogus, null, "t"))
        .isInstanceOf(IOException.class).hasMessageContaining(bogus.toString());
  }
}
