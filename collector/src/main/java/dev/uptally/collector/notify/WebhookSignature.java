package dev.uptally.collector.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Uptally-Signature} header: {@code sha256=<lower-case hex HMAC-SHA256 of the raw body>}, keyed with the
 * webhook's secret (UTF-8). A receiver recomputes it over the bytes it received and compares in constant time
 * ({@link #verify}). Stateless and thread-safe.
 */
public final class WebhookSignature {

  public static final String HEADER = "X-Uptally-Signature";
  private static final String PREFIX = "sha256=";
  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSignature() {}

  /** The header value for {@code body} signed with {@code secret}. */
  public static String sign(String secret, byte[] body) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("a webhook signature needs a non-empty secret");
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
    }
  }

  /** Whether {@code header} is the signature of {@code body} under {@code secret}; constant time in the header. */
  public static boolean verify(String secret, byte[] body, String header) {
    if (header == null) {
      return false;
    }
    byte[] expected = sign(secret, body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, header.trim().getBytes(StandardCharsets.US_ASCII));
  }
}
