package dev.uptally.config.collector;

import java.util.List;

public record ApiConfig(List<ApiToken> tokens) {

  public ApiConfig {
    tokens = List.copyOf(tokens);
  }

  /** A named API token with a role. {@link #toString()} never shows the secret. */
  public record ApiToken(String name, String token, Role role) {
    @Override
    public String toString() {
      return "ApiToken[name=" + name + ", role=" + role + "]";
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
