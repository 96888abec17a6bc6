package dev.uptally.collector.access;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What an API route declares about the client of what it addresses; {@link ClientGate} enforces it before the
 * route's handler runs. Every {@code /api/} route declares one (the route table refuses one that does not), so a
 * route cannot be added that forgets the tenants.
 */
public sealed interface Scope {

  /**
   * One thing named by the path parameter {@code param} (a device, an incident), whose client {@code clientOf}
   * finds (empty when there is no such thing). For a token that sees only some clients, a thing of another client
   * answers exactly as an unknown one: {@code unknown} of the path parameters is the message of both.
   */
  record Target(String param, Function<String, Optional<String>> clientOf,
      Function<Map<String, String>, String> unknown) implements Scope {
    public Target {
      Objects.requireNonNull(param, "param");
      Objects.requireNonNull(clientOf, "clientOf");
      Objects.requireNonNull(unknown, "unknown");
    }

    @Override
    public String toString() {
      return "Target[" + param + "]";
    }
  }

  /** The path parameter {@code param} is a client id ({@code /api/v1/clients/{id}/report}). */
  record ClientPath(String param) implements Scope {
    public ClientPath {
      Objects.requireNonNull(param, "param");
    }
  }

  /**
   * Lists and aggregates over clients, narrowed by an optional {@code ?client=}: the handler asks the {@link Caller}
   * it is given for the clients to cover ({@link Caller#clients()}), never the query string.
   */
  record Listed() implements Scope {}

  /** Spans every client and cannot be narrowed (an audit log): a token that sees only some clients is refused. */
  record EveryClient() implements Scope {}

  /** A thing of the kind {@code noun} named by {@code param}: unknown and foreign answer "unknown noun 'id'". */
  static Scope target(String param, String noun, Function<String, Optional<String>> clientOf) {
    return new Target(param, clientOf, params -> "unknown " + noun + " '" + params.get(param) + "'");
  }

  static Scope clientPath(String param) {
    return new ClientPath(param);
  }

  static Scope listed() {
    return new Listed();
  }

  static Scope everyClient() {
    return new EveryClient();
  }

  /** The path parameter this scope reads, null when it reads none. */
  default String pathParam() {
    if (this instanceof Target t) {
      return t.param();
    }
    return this instanceof ClientPath c ? c.param() : null;
  }
}
