package dev.uptally.collector.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The clients a token, or one request of it, may see: every client, or a fixed non-empty set of client ids.
 * Immutable; thread-safe.
 */
public final class ClientScope {

  private static final ClientScope ALL = new ClientScope(null);

  /** Null for every client. */
  private final Set<String> ids;

  private ClientScope(Set<String> ids) {
    this.ids = ids;
  }

  public static ClientScope all() {
    return ALL;
  }

  /** @param ids at least one client id */
  public static ClientScope of(Set<String> ids) {
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("a client scope needs at least one client (or all())");
    }
    return new ClientScope(Set.copyOf(ids));
  }

  /** @param ids null for every client, as an API token's {@code clients} */
  public static ClientScope ofNullable(Set<String> ids) {
    return ids == null ? ALL : of(ids);
  }

  public boolean isAll() {
    return ids == null;
  }

  public boolean includes(String clientId) {
    return ids == null || ids.contains(clientId);
  }

  /** The one client this scope is, null when it is every client or several. */
  public String single() {
    return ids != null && ids.size() == 1 ? ids.iterator().next() : null;
  }

  /**
   * The rows of a query that takes one client id or null for every client, narrowed to this scope: every client asks
   * {@code query} for null; one client asks for it; several ask for every client and keep the rows of theirs (the
   * query's order is kept). Whatever the query answers, no row of another client is returned.
   *
   * @param clientOf the client of a row
   */
  public <T> List<T> rows(Function<String, List<T>> query, Function<T, String> clientOf) {
    List<T> answered = query.apply(ids == null ? null : single());
    if (ids == null) {
      return answered;
    }
    List<T> kept = new ArrayList<>(answered.size());
    for (T row : answered) {
      if (ids.contains(clientOf.apply(row))) {
        kept.add(row);
      }
    }
    return kept;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientScope other && Objects.equals(ids, other.ids);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(ids);
  }

  @Override
  public String toString() {
    return ids == null ? "all clients" : "clients " + new TreeSet<>(ids);
  }
}
