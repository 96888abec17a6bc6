package dev.uptally.config.collector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

public record ApiConfig(List<ApiToken> tokens) {

  public ApiConfig {
    tokens = List.copyOf(tokens);
  }

  /**
   * A named API token with a role and, optionally, the clients it sees. The secret is given either as the token
   * itself or as the SHA-256 of its UTF-8 bytes in hex ({@code printf %s "$TOKEN" | sha256sum}), so that a
   * configuration can be shared without its secrets; exactly one of the two is set. {@link #toString()} never shows
   * either.
   *
   * @param token the secret, or null when {@code tokenSha256} is given
   * @param tokenSha256 64 hex digits (stored in lower case), or null when {@code token} is given
   * @param clients the ids of the clients the token sees; null for every client (the MSP's own staff), never empty
   */
  public record ApiToken(String name, String token, String tokenSha256, Role role, Set<String> clients) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    public ApiToken {
      if ((token == null) == (tokenSha256 == null)) {
        throw new IllegalArgumentException("API token '" + name + "' needs exactly one of token and tokenSha256");
      }
      if (tokenSha256 != null && !SHA256_HEX.matcher(tokenSha256).matches()) {
        throw new IllegalArgumentException("API token '" + name + "': tokenSha256 must be 64 hex digits");
      }
      tokenSha256 = tokenSha256 == null ? null : tokenSha256.toLowerCase(Locale.ROOT);
      if (clients != null && clients.isEmpty()) {
        throw new IllegalArgumentException("API token '" + name + "' sees no client: leave clients out for all");
      }
      clients = clients == null ? null : Set.copyOf(clients);
    }

    /** A token that sees every client. */
    public ApiToken(String name, String token, Role role) {
      this(name, token, null, role, null);
    }

    /** A token given in the clear that sees only {@code clients} (null: every client). */
    public ApiToken(String name, String token, Role role, Set<String> clients) {
      this(name, token, null, role, clients);
    }

    /** Whether the token sees every client (no {@code clients} list). */
    public boolean seesAllClients() {
      return clients == null;
    }

    /** The SHA-256 of the token's UTF-8 bytes, from the token or as configured (a fresh array). */
    public byte[] sha256() {
      return tokenSha256 != null ? HexFormat.of().parseHex(tokenSha256) : sha256Of(token);
    }

    /** The SHA-256 of a secret's UTF-8 bytes, what {@code printf %s "$TOKEN" | sha256sum} prints (as bytes). */
    public static byte[] sha256Of(String secret) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required by every Java platform", e);
      }
    }

    @Override
    public String toString() {
      return "ApiToken[name=" + name + ", role=" + role + (clients == null ? "" : ", clients=" + clients) + "]";
    }
  }

  /** Ordered: each role may do what the roles before it may. */
  public enum Role {
    VIEWER,
    OPERATOR,
    ADMIN;

    public boolean allows(Role needed) {
      return compareTo(needed) >= 0;
    }
  }
}
