package dev.uptally.config;

import dev.uptally.config.collector.ApiConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code api:} section: named tokens, each with a role, its secret in the clear ({@code token}) or as its SHA-256
 * ({@code tokenSha256}), and optionally the clients it sees ({@code clients}; without it, every client). Two tokens
 * with the same secret are refused however each is written: the API could not tell them apart.
 */
final class ApiSection {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
  private static final java.util.HexFormat HEX = java.util.HexFormat.of();

  private ApiSection() {}

  /**
   * @param clientIds the configured clients, which a token's {@code clients} must name
   * @param metricsOpen whether {@code /metrics} needs no token (then a client-scoped token is warned about)
   */
  static ApiConfig read(ConfigNode n, Set<String> clientIds, boolean metricsOpen) {
    n.expectKeys("tokens");
    List<ApiConfig.ApiToken> tokens = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Map<String, ConfigNode> digests = new HashMap<>();
    for (ConfigNode t : n.get("tokens").items()) {
      if (!t.expectKeys("name", "token", "tokenSha256", "role", "clients")) {
        continue;
      }
      String name = t.get("name").required();
      if (name != null && !names.add(name)) {
        t.get("name").problem("duplicate API token name '" + name + "'");
      }
      String[] secret = secret(t);
      if (secret != null) {
        String digest = secret[0] != null ? HEX.formatHex(ApiConfig.ApiToken.sha256Of(secret[0])) : secret[1];
        ConfigNode where = secret[0] != null ? t.get("token") : t.get("tokenSha256");
        ConfigNode first = digests.putIfAbsent(digest, where);
        if (first != null) {
          where.problem(secret[0] != null && first.path().endsWith(".token") ? "the same token value is used twice"
              : "the same token is used twice (compared by its SHA-256, also with " + first.path() + ")");
          secret = null;
        }
      }
      ApiConfig.Role role = role(t.get("role"));
      Set<String> clients = clients(t.get("clients"), clientIds, metricsOpen);
      if (name != null && secret != null && role != null) {
        tokens.add(new ApiConfig.ApiToken(name, secret[0], secret[1], role, clients));
      }
    }
    return new ApiConfig(tokens);
  }

  /** {token, null} or {null, lower-case hex digest}; null after reporting why there is neither. */
  private static String[] secret(ConfigNode t) {
    ConfigNode hashed = t.get("tokenSha256");
    if (hashed.isPresent() && t.get("token").isPresent()) {
      hashed.problem("set either token or tokenSha256, not both");
      return null;
    }
    if (hashed.isAbsent()) {
      if (t.get("token").isAbsent()) {
        t.get("token").problem("is required (or tokenSha256: the token's SHA-256 in hex, from "
            + "printf %s \"$TOKEN\" | sha256sum)");
        return null;
      }
      String token = Checks.token(t.get("token"), true);
      return token == null ? null : new String[] {token, null};
    }
    String hex = hashed.text();
    if (hex == null) {
      return null;
    }
    // the value is not echoed: a token pasted here by mistake is a secret
    if (!SHA256_HEX.matcher(hex.trim()).matches()) {
      hashed.problem("must be the token's SHA-256 as 64 hex digits (printf %s \"$TOKEN\" | sha256sum), not "
          + hex.trim().length() + " characters" + (hex.trim().length() == 64 ? " that are not all hex digits" : ""));
      return null;
    }
    return new String[] {null, hex.trim().toLowerCase(Locale.ROOT)};
  }

  private static ApiConfig.Role role(ConfigNode n) {
    String r = n.required();
    if (r == null) {
      return null;
    }
    return switch (r) {
      case "viewer", "operator", "admin" -> ApiConfig.Role.valueOf(r.toUpperCase(Locale.ROOT));
      default -> {
        n.problem("'" + r + "' is not a role (expected viewer, operator or admin)");
        yield null;
      }
    };
  }

  /** Null (every client) when absent; otherwise the named clients, each of which must be configured. */
  private static Set<String> clients(ConfigNode n, Set<String> clientIds, boolean metricsOpen) {
    if (n.isAbsent()) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    List<ConfigNode> items = n.items();
    if (n.isList() && items.isEmpty()) {
      n.problem("is empty: list the clients the token sees (e.g. [acme]), or leave clients out for every client");
    }
    for (ConfigNode item : items) {
      String id = item.text();
      if (id == null) {
        continue;
      }
      if (!clientIds.contains(id)) {
        item.problem("no client '" + id + "'" + Suggestions.didYouMean(id, clientIds)
            + (clientIds.isEmpty() ? " (no clients are defined)" : " (defined: " + String.join(", ",
                clientIds.stream().sorted().toList()) + ")"));
      } else if (!out.add(id)) {
        item.problem("client '" + id + "' is listed twice");
      }
    }
    if (metricsOpen && !out.isEmpty()) {
      n.warning("this token sees only some clients, but /metrics is open (no server.metricsToken): every client's "
          + "series can be read there without any token");
    }
    return out.isEmpty() ? null : out;
  }
}
