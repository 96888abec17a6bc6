package dev.uptally.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.config.collector.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS round trips with certificates made by the openssl CLI (skipped when it is not installed). */
class TlsHttpTest {

  @TempDir
  static Path dir;

  @BeforeAll
  static void certificates() throws IOException, InterruptedException {
    Assumptions.assumeTrue(canRun("openssl", "version"), "openssl CLI not on PATH; skipping TLS tests");
    String ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    openssl("req -x509 " + ec + " -keyout server.key -out server.pem -days 2 -subj /CN=localhost"
        + " -addext subjectAltName=IP:127.0.0.1,DNS:localhost");
    openssl("req -x509 " + ec + " -keyout ca.key -out ca.pem -days 2 -subj /CN=uptally-test-ca");
    openssl("req " + ec + " -keyout client.key -out client.csr -subj /CN=agent-1");
    openssl("x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 2");
  }

  @Test
  void httpsRoundTrip() throws Exception {
    TlsConfig tls = new TlsConfig(dir.resolve("server.pem"), dir.resolve("server.key"), null);
    try (TestServer t = new TestServer(TestServer.config(tls, null, 65536), null, HttpTimeouts.DEFAULTS)) {
      HttpResponse<String> response = client(sslContext(false)).send(request(t), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("ok");
      assertThat(response.sslSession()).isPresent();
    }
  }

  @Test
  void clientCertificateIsRequiredWhenAClientCaIsConfigured() throws Exception {
    TlsConfig tls = new TlsConfig(dir.resolve("server.pem"), dir.resolve("server.key"), dir.resolve("ca.pem"));
    try (TestServer t = new TestServer(TestServer.config(tls, null, 65536), null, HttpTimeouts.DEFAULTS)) {
      HttpResponse<String> withCert = client(sslContext(true)).send(request(t), HttpResponse.BodyHandlers.ofString());
      assertThat(withCert.statusCode()).isEqualTo(200);

      assertThatThrownBy(() -> client(sslContext(false)).send(request(t), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void unreadableCertificateFilesFailStartWithTheirNames() {
    TlsConfig tls = new TlsConfig(dir.resolve("missing.pem"), dir.resolve("server.key"), null);
    assertThatThrownBy(() -> new TestServer(TestServer.config(tls, null, 65536), null, HttpTimeouts.DEFAULTS))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing.pem");
  }

  private static HttpRequest request(TestServer t) {
    return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + t.address.getPort() + "/healthz"))
        .timeout(Duration.ofSeconds(10)).build();
  }

  private static HttpClient client(SSLContext ssl) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static SSLContext sslContext(boolean withClientCert) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", certificate(dir.resolve("server.pem")));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (withClientCert) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] password = "test".toCharArray();
      keys.setKeyEntry("agent", privateKey(dir.resolve("client.key")), password,
          new Certificate[] {certificate(dir.resolve("client.pem"))});
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  private static Certificate certificate(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static PrivateKey privateKey(Path pem) throws Exception {
    String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  private static void openssl(String args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args.split(" ")));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("openssl " + args + " failed: " + output);
    }
  }

  private static boolean canRun(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
