package dev.uptally.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.access.Scope;
import dev.uptally.config.collector.ApiConfig;
import dev.uptally.config.collector.ApiConfig.ApiToken;
import dev.uptally.config.collector.ApiConfig.Role;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Role checks through the same route table the server uses, with an operator route added the way later ones will be. */
class ApiHandlerRolesTest {

  private final ApiHandler api = new ApiHandler(new ApiConfig(List.of(
      new ApiToken("wall", "viewer-token", Role.VIEWER),
      new ApiToken("noc", "operator-token", Role.OPERATOR),
      new ApiToken("root", "admin-token", Role.ADMIN))), new FakeQueries(), Runnable::run, Clock.systemUTC());
  private final Routes routes = routes();

  private Routes routes() {
    Routes.Builder builder = Routes.builder();
    api.register(builder);
    api.route(builder, "POST", "/api/v1/incidents/{id}/ack", Role.OPERATOR,
        Scope.target("id", "incident", id -> Optional.of("acme")), call -> HttpReply.ok(Map.of("acked", call.pathParam("id"))));
    return builder.build();
  }

  @Test
  void viewerIsForbiddenAnOperatorEndpoint() {
    assertThatThrownBy(() -> ack("viewer-token"))
        .isInstanceOfSatisfying(HttpException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.getMessage()).contains("needs role operator", "has viewer");
        });
  }

  @Test
  void operatorAndAdminMayAcknowledge() {
    assertThat(new String(ack("operator-token").body())).isEqualTo("{\"acked\":\"inc-7\"}");
    assertThat(ack("admin-token").status()).isEqualTo(200);
  }

  @Test
  void unknownTokenIsUnauthorizedWithChallenge() {
    assertThatThrownBy(() -> ack("guess"))
        .isInstanceOfSatisfying(HttpException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.headers()).containsEntry("WWW-Authenticate", "Bearer");
        });
  }

  @Test
  void duplicateSecretsAreRefusedAtConstruction() {
    assertThatThrownBy(() -> new ApiHandler(new ApiConfig(List.of(new ApiToken("a", "same", Role.VIEWER),
        new ApiToken("b", "same", Role.ADMIN))), new FakeQueries(), Runnable::run, Clock.systemUTC()))
        .hasMessageContaining("'b'").hasMessageNotContaining("same");
  }

  private HttpReply ack(String token) {
    DefaultHttpHeaders headers = new DefaultHttpHeaders();
    headers.set("Authorization", "Bearer " + token);
    HttpCall call = new HttpCall("POST", "/api/v1/incidents/inc-7/ack", Map.of(), Map.of(), headers, new byte[0], 0);
    try {
      return routes.dispatch(call).toCompletableFuture().join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }
}
