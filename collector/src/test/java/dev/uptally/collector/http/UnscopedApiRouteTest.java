package dev.uptally.collector.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.metrics.MetricsEndpoint;
import dev.uptally.config.collector.ApiConfig;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A route under {@code /api/} added without a client scope (straight into the route table, past {@code
 * ApiHandler.route}) stops the server from being built, so a collector with it does not start.
 */
class UnscopedApiRouteTest {

  @Test
  void aServerWithAnApiRouteThatDeclaresNoClientScopeIsNotBuilt() {
    try (MetricsEndpoint metrics = new MetricsEndpoint()) {
      CollectorServer.Builder builder = CollectorServer.builder(TestServer.config(null, null, 64 * 1024),
          new ApiConfig(List.of()), new FakeIngest(), new FakeQueries(), metrics, Clock.systemUTC())
          .apiRoutes((api, routes) -> routes.get("/api/v1/availability",
              Endpoint.sync(call -> HttpReply.ok(Map.of("every", "client")))));
      assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("API route GET /api/v1/availability declares no client scope");
    }
  }
}
