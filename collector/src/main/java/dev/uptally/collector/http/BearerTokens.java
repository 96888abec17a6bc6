package dev.uptally.collector.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fixed set of bearer secrets, each with a value (e.g. an API token's role). Comparison is constant
 * time: the presented token and every known token are hashed with SHA-256 and compared with
 * {@link MessageDigest#isEqual}, and every entry is compared, so timing reveals neither a prefix nor
 * which entry matched. Only hashes are kept. Thread-safe.
 *
 * @param <T> what a token grants
 */
public final class BearerTokens<T> {

  private final List<Entry<T>> entries;

  /** @param secrets token to what it grants; blank tokens are refused */
  public BearerTokens(Map<String, T> secrets) {
    List<Entry<T>> list = new ArrayList<>();
    for (Map.Entry<String, T> secret : secrets.entrySet()) {
      if (secret.getKey() == null || secret.getKey().isBlank()) {
        throw new IllegalArgumentException("a bearer token must not be blank (granting " + secret.getValue() + ")");
      }
      list.add(new Entry<>(sha256(secret.getKey()), secret.getValue()));
    }
    this.entries = List.copyOf(list);
  }

  private BearerTokens(List<Entry<T>> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Tokens known only by the SHA-256 of their UTF-8 bytes (a configuration that holds no secret), compared as every
   * other: the presented token's digest against each with {@link MessageDigest#isEqual}.
   *
   * @param digests each a 32-byte SHA-256 with what it grants
   */
  public static <T> BearerTokens<T> ofDigests(List<Map.Entry<byte[], T>> digests) {
    List<Entry<T>> list = new ArrayList<>();
    for (Map.Entry<byte[], T> digest : digests) {
      if (digest.getKey() == null || digest.getKey().length != 32) {
        throw new IllegalArgumentException("a SHA-256 digest has 32 bytes (granting " + digest.getValue() + ")");
      }
      list.add(new Entry<>(digest.getKey().clone(), digest.getValue()));
    }
    return new BearerTokens<>(list);
  }

  /** What the token grants, empty when it is null or unknown. */
  public Optional<T> authenticate(String token) {
    if (token == null) {
      return Optional.empty();
    }
    byte[] presented = sha256(token);
    T granted = null;
    for (Entry<T> entry : entries) {
      if (MessageDigest.isEqual(entry.hash, presented) && granted == null) {
        granted = entry.grant;
      }
    }
    return Optional.ofNullable(granted);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private record Entry<T>(byte[] hash, T grant) {}

  @Override
  public String toString() {
    return "BearerTokens[" + entries.size() + " tokens]";
  }
}
