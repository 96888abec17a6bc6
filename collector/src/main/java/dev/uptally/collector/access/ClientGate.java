package dev.uptally.collector.access;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that decides whether an API request may reach what it addresses, from the route's {@link Scope}
 * and the {@link Caller}: it runs before every {@code /api/} handler and hands the handler the caller as it may see
 * (narrowed to {@code ?client=} on list routes).
 *
 * <p>For a token that sees only some clients, another client's device, incident or client takes the same steps
 * as an unknown one (one lookup, one set test) and fails with the same message, so neither the answer nor its
 * timing tells the two apart. A token that sees every client passes target routes untouched: the handler answers
 * an unknown id as it always has. Thread-safe.
 */
public final class ClientGate {

  /** Null when any client id is taken as known (tests of the API alone). */
  private final Set<String> knownClients;

  /** @param knownClients the configured clients; null takes any {@code ?client=} as known */
  public ClientGate(Set<String> knownClients) {
    this.knownClients = knownClients == null ? null : Set.copyOf(knownClients);
  }

  /**
   * @param route the request's method and path, for messages
   * @param clientQuery the request's {@code ?client=}, null when absent
   * @return the caller the handler is given
   * @throws NotVisibleException unknown, or another client's (the same message for both)
   * @throws ScopeRefusedException a route spanning every client asked by a token that sees only some
   */
  public Caller admit(Scope scope, Caller caller, String route, Map<String, String> pathParams, String clientQuery) {
    ClientScope sees = caller.clients();
    if (scope instanceof Scope.Listed) {
      if (clientQuery == null || clientQuery.isBlank()) {
        return caller;
      }
      boolean known = knownClients == null || knownClients.contains(clientQuery);
      if (!known | !sees.includes(clientQuery)) {
        throw new NotVisibleException("unknown client '" + clientQuery + "'");
      }
      return caller.narrowedTo(clientQuery);
    }
    if (scope instanceof Scope.Target target) {
      if (sees.isAll()) {
        return caller;
      }
      Optional<String> client = target.clientOf().apply(pathParams.get(target.param()));
      if (client.isEmpty() || !sees.includes(client.get())) {
        throw new NotVisibleException(target.unknown().apply(pathParams));
      }
      return caller;
    }
    if (scope instanceof Scope.ClientPath path) {
      String client = pathParams.get(path.param());
      if (!sees.includes(client)) {
        throw new NotVisibleException("unknown client '" + client + "'");
      }
      return caller;
    }
    if (!sees.isAll()) { // Scope.EveryClient, the last kind of the sealed interface
      throw new ScopeRefusedException(route + " covers every client; it needs a token without a clients list");
    }
    return caller;
  }
}
