package dev.uptally.agent.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust for the collector connection: the JDK's default trust store plus, optionally, the
 * certificates of one PEM file (a private CA, or a self-signed collector certificate). A server
 * certificate is accepted when either trusts it; hostname verification stays on (the HTTP client's).
 */
public final class TrustMaterial {

  private TrustMaterial() {}

  /** The default context when {@code extraCaPem} is null. */
  public static SSLContext sslContext(Path extraCaPem) throws IOException {
    try {
      if (extraCaPem == null) {
        return SSLContext.getDefault();
      }
      X509TrustManager defaults = trustManager(null);
      X509TrustManager extra = trustManager(keyStoreOf(extraCaPem, readCertificates(extraCaPem)));
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new EitherTrustManager(defaults, extra)}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build TLS trust with CA file " + extraCaPem + ": " + e.getMessage(), e);
    }
  }

  /** Every certificate in a PEM (or DER) file. */
  static List<X509Certificate> readCertificates(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends java.security.cert.Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      List<X509Certificate> out = new ArrayList<>();
      for (java.security.cert.Certificate c : certs) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IOException("CA file " + pem + " holds no certificate (expected PEM '-----BEGIN CERTIFICATE-----')");
      }
      return out;
    } catch (CertificateException e) {
      throw new IOException("CA file " + pem + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }

  private static KeyStore keyStoreOf(Path pem, List<X509Certificate> certs) throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    for (int i = 0; i < certs.size(); i++) {
      ks.setCertificateEntry(pem.getFileName() + "-" + i, certs.get(i));
    }
    return ks;
  }

  private static X509TrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager from " + tmf.getAlgorithm());
  }

  /** Trusts a chain when the default trust or the extra CA does. */
  private record EitherTrustManager(X509TrustManager first, X509TrustManager second) implements X509TrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      try {
        first.checkClientTrusted(chain, authType);
      } catch (CertificateException e) {
        second.checkClientTrusted(chain, authType);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      try {
        first.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        try {
          second.checkServerTrusted(chain, authType);
        } catch (CertificateException e2) {
          e2.addSuppressed(e);
          throw e2;
        }
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      X509Certificate[] a = first.getAcceptedIssuers();
      X509Certificate[] b = second.getAcceptedIssuers();
      X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, all, a.length, b.length);
      return all;
    }
  }
}
