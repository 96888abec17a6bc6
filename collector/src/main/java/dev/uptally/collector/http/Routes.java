package dev.uptally.collector.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The route table: method + path template ({@code /api/v1/devices/{id}/sla}) to endpoint, plus an
 * optional fallback for GETs no route takes (static content). Immutable once built; thread-safe.
 */
public final class Routes {

  private final List<Route> routes;
  private final Endpoint getFallback;

  private Routes(List<Route> routes, Endpoint getFallback) {
    this.routes = List.copyOf(routes);
    this.getFallback = getFallback;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Outcome of {@link #resolve}: an endpoint with its path parameters, or why there is none. */
  sealed interface Resolution permits Found, MethodNotAllowed, NotFound {}

  record Found(Endpoint endpoint, Map<String, String> params) implements Resolution {}

  record MethodNotAllowed(Set<String> allowed) implements Resolution {}

  record NotFound() implements Resolution {}

  /**
   * Runs the endpoint the call's method and path resolve to, with the path parameters filled in.
   *
   * @throws HttpException 404 when no route matches the path, 405 (with {@code Allow}) when only other
   *     methods do
   */
  public CompletionStage<HttpReply> dispatch(HttpCall call) {
    Resolution resolution = resolve(call.method(), call.path());
    if (resolution instanceof Found found) {
      CompletionStage<HttpReply> stage = found.endpoint().handle(call.withPathParams(found.params()));
      if (stage == null) {
        throw new IllegalStateException("endpoint for " + call.method() + " " + call.path() + " returned no reply");
      }
      return stage;
    }
    if (resolution instanceof MethodNotAllowed notAllowed) {
      String allow = String.join(", ", notAllowed.allowed());
      throw new HttpException(405, "method " + call.method() + " is not allowed on " + call.path()
          + " (allowed: " + allow + ")", Map.of("Allow", allow));
    }
    throw HttpException.notFound("no such resource: " + call.path());
  }

  Resolution resolve(String method, String path) {
    if (!path.startsWith("/")) {
      return new NotFound(); // RequestTarget refuses such targets; never route one as if it had its slash
    }
    String[] segments = split(path);
    Set<String> allowed = new LinkedHashSet<>();
    for (Route route : routes) {
      Map<String, String> params = route.match(segments);
      if (params == null) {
        continue;
      }
      if (route.method.equals(method)) {
        return new Found(route.endpoint, params);
      }
      allowed.add(route.method);
    }
    if (!allowed.isEmpty()) {
      return new MethodNotAllowed(allowed);
    }
    if (method.equals("GET") && getFallback != null) {
      return new Found(getFallback, Map.of());
    }
    return new NotFound();
  }

  /** @param path starts with '/' */
  private static String[] split(String path) {
    String trimmed = path.substring(1);
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
  }

  /** Collects routes; the first route that matches method and path wins. */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();
    private Endpoint getFallback;

    private Builder() {}

    public Builder get(String template, Endpoint endpoint) {
      return route("GET", template, endpoint);
    }

    public Builder post(String template, Endpoint endpoint) {
      return route("POST", template, endpoint);
    }

    /** @param template segments in braces capture a path parameter, e.g. {@code /api/v1/incidents/{id}/ack} */
    public Builder route(String method, String template, Endpoint endpoint) {
      if (!template.startsWith("/")) {
        throw new IllegalArgumentException("route template must start with '/': " + template);
      }
      routes.add(new Route(method.toUpperCase(Locale.ROOT), split(template), endpoint));
      return this;
    }

    /** Takes every GET that no route matches; without it such requests answer 404. */
    public Builder getFallback(Endpoint endpoint) {
      this.getFallback = endpoint;
      return this;
    }

    public Routes build() {
      return new Routes(routes, getFallback);
    }
  }

  private record Route(String method, String[] template, Endpoint endpoint) {

    /** Path parameters when the segments match the template, else null. */
    Map<String, String> match(String[] segments) {
      if (segments.length != template.length) {
        return null;
      }
      Map<String, String> params = null;
      for (int i = 0; i < template.length; i++) {
        String t = template[i];
        if (t.length() > 2 && t.startsWith("{") && t.endsWith("}")) {
          if (segments[i].isEmpty()) {
            return null;
          }
          if (params == null) {
            params = new HashMap<>();
          }
          params.put(t.substring(1, t.length() - 1), segments[i]);
        } else if (!t.equals(segments[i])) {
          return null;
        }
      }
      return params == null ? Map.of() : params;
    }

    @Override
    public String toString() {
      return method + " /" + String.join("/", Arrays.asList(template));
    }
  }
}
