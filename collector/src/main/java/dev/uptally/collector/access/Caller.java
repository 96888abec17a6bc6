package dev.uptally.collector.access;

import dev.uptally.config.collector.ApiConfig.ApiToken;
import dev.uptally.config.collector.ApiConfig.Role;
import java.util.Objects;

/**
 * Who is asking, for one API request: the token's name (what operator actions record), its role, and the clients
 * this request may see — the token's clients, narrowed to the one {@code ?client=} names on a list route.
 */
public record Caller(String name, Role role, ClientScope clients) {

  public Caller {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(clients, "clients");
  }

  public static Caller of(ApiToken token) {
    return new Caller(token.name(), token.role(), ClientScope.ofNullable(token.clients()));
  }

  /** The same caller, seeing only {@code clientId} (which it must already see). */
  Caller narrowedTo(String clientId) {
    if (!clients.includes(clientId)) {
      throw new IllegalArgumentException(name + " does not see client '" + clientId + "'");
    }
    return new Caller(name, role, ClientScope.of(java.util.Set.of(clientId)));
  }
}
