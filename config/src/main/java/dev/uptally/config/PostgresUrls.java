package dev.uptally.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a {@code storage.postgres.url}: a {@code jdbc:postgresql://host[:port]/database[?…]} URL naming a host and
 * a database, without credentials in it (they belong in {@code user} and {@code password}, which are never logged),
 * and, for a host that is not loopback, with {@code sslmode=require}, {@code verify-ca} or {@code verify-full}: the
 * collector does not send device tokens' hashes and every client's history in plaintext across a network unless asked
 * ({@code sslmode=disable} is that asking).
 */
final class PostgresUrls {

  private static final Set<String> ENCRYPTED = Set.of("require", "verify-ca", "verify-full");
  private static final String PREFIX = "jdbc:postgresql:";

  private PostgresUrls() {}

  static void check(String url, ConfigNode at) {
    if (!url.startsWith(PREFIX)) {
      at.problem("is not a PostgreSQL JDBC URL (expected jdbc:postgresql://host:5432/db)");
      return;
    }
    URI uri;
    try {
      uri = new URI(url.substring("jdbc:".length()));
    } catch (URISyntaxException e) {
      at.problem("is not a valid URL: " + e.getMessage());
      return;
    }
    String host = uri.getHost();
    String path = uri.getPath();
    if (host == null || path == null || path.length() < 2) {
      at.problem("must name a host and a database (jdbc:postgresql://host:5432/db); the host is a name or an"
          + " address, and several hosts are not supported here");
      return;
    }
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery().toLowerCase(Locale.ROOT);
    if (uri.getRawUserInfo() != null || query.matches("(^|.*&)(password|user)=.*")) {
      at.problem("must not carry credentials: set storage.postgres.user and storage.postgres.password instead");
      return;
    }
    String sslmode = null;
    for (String pair : query.split("&")) {
      if (pair.startsWith("sslmode=")) {
        sslmode = pair.substring("sslmode=".length());
      }
    }
    if (!isLoopback(host) && (sslmode == null || !ENCRYPTED.contains(sslmode)) && !"disable".equals(sslmode)) {
      at.problem("connects to " + host + ", which is not loopback, without encryption: add ?sslmode=verify-full"
          + " (or require / verify-ca), or ?sslmode=disable to send in plaintext knowingly");
    }
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false; // a name: not resolved here (config checks never touch the network)
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
