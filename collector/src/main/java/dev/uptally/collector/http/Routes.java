package dev.uptally.collector.http;

import dev.uptally.collector.access.Scope;
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
 * optional fallback for GETs no route takes (static content). Every route under {@value #API_PREFIX} declares its
 * client {@link Scope} (see {@link dev.uptally.collector.access.ClientGate}); one registered without is refused when
 * it is added, so a collector with such a route does not start. Immutable once built; thread-safe.
 */
public final class Routes {

  /** Routes under this prefix must declare their client scope. */
  public static final String API_PREFIX = "/api/";

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

  /** A registered route as declared: method, template and, for an API route, its client scope (else null). */
  public record Entry(String method, String template, Scope scope) {
    @Override
    public String toString() {
      return method + " " + template;
    }
  }

  /** Every registered route in registration order (not the GET fallback), e.g. for a test that walks them all. */
  public List<Entry> entries() {
    return routes.stream().map(r -> new Entry(r.method, r.toString().substring(r.method.length() + 1), r.scope))
        .toList();
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

    /**
     * A route outside the API.
     *
     * @param template segments in braces capture a path parameter, e.g. {@code /v1/enroll}
     * @throws IllegalArgumentException for a template under {@value #API_PREFIX}: an API route declares its scope
     */
    public Builder route(String method, String template, Endpoint endpoint) {
      if (template.startsWith(API_PREFIX)) {
        throw new IllegalArgumentException("API route " + method + " " + template + " declares no client scope: "
            + "register it through ApiHandler.route with an access.Scope (target, clientPath, listed or everyClient)");
      }
      return add(method, template, null, endpoint);
    }

    /**
     * An API route with its client scope. Only the API's own registration calls this ({@code ApiHandler.route}, which
     * enforces the scope); the scope's path parameter must be one of the template's, and a template with path
     * parameters must address a target ({@link Scope.Target} or {@link Scope.ClientPath}).
     */
    public Builder route(String method, String template, Scope scope, Endpoint endpoint) {
      java.util.Objects.requireNonNull(scope, "scope");
      List<String> params = Arrays.stream(split(template)).filter(Route::isParam)
          .map(t -> t.substring(1, t.length() - 1)).toList();
      String param = scope.pathParam();
      if (param != null && !params.contains(param)) {
        throw new IllegalArgumentException("route " + method + " " + template + ": its scope reads path parameter '"
            + param + "', which the template does not have");
      }
      if (param == null && !params.isEmpty()) {
        throw new IllegalArgumentException("route " + method + " " + template + " addresses {" + params.get(0)
            + "} but its scope (" + scope + ") does not say whose it is: use Scope.target or Scope.clientPath");
      }
      return add(method, template, scope, endpoint);
    }

    private Builder add(String method, String template, Scope scope, Endpoint endpoint) {
      if (!template.startsWith("/")) {
        throw new IllegalArgumentException("route template must start with '/': " + template);
      }
      routes.add(new Route(method.toUpperCase(Locale.ROOT), split(template), scope, endpoint));
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

  private record Route(String method, String[] template, Scope scope, Endpoint endpoint) {

    static boolean isParam(String t) {
      return t.length() > 2 && t.startsWith("{") && t.endsWith("}");
    }

    /** Path parameters when the segments match the template, else null. */
    Map<String, String> match(String[] segments) {
      if (segments.length != template.length) {
        return null;
      }
      Map<String, String> params = null;
      for (int i = 0; i < template.length; i++) {
        String t = template[i];
        if (isParam(t)) {
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
