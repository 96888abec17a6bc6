package dev.uptally.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import dev.uptally.collector.access.Scope;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class RoutesTest {

  private static final Scope DEVICE = Scope.target("id", "device", id -> Optional.of("acme"));
  private static final Scope INCIDENT = Scope.target("id", "incident", id -> Optional.of("acme"));

  private final Routes routes = Routes.builder()
      .route("GET", "/api/v1/devices/{id}", DEVICE,
          Endpoint.sync(call -> HttpReply.ok(Map.of("id", call.pathParam("id")))))
      .route("GET", "/api/v1/devices/{id}/sla", DEVICE,
          Endpoint.sync(call -> HttpReply.ok(Map.of("sla", call.pathParam("id")))))
      .route("POST", "/api/v1/incidents/{id}/ack", INCIDENT,
          Endpoint.sync(call -> HttpReply.ok(Map.of("ack", call.pathParam("id")))))
      .route("DELETE", "/api/v1/incidents/{id}/ack", INCIDENT, Endpoint.sync(call -> HttpReply.ok(Map.of())))
      .get("/healthz", Endpoint.sync(call -> HttpReply.ok(Map.of())))
      .build();

  private static HttpCall call(String method, String path) {
    return new HttpCall(method, path, Map.of(), Map.of(), new DefaultHttpHeaders(), new byte[0], 0);
  }

  private String body(String method, String path) {
    return new String(routes.dispatch(call(method, path)).toCompletableFuture().join().body());
  }

  @Test
  void templatesCapturePathParameters() {
    assertThat(body("GET", "/api/v1/devices/dev-9")).isEqualTo("{\"id\":\"dev-9\"}");
    assertThat(body("GET", "/api/v1/devices/dev-9/sla")).isEqualTo("{\"sla\":\"dev-9\"}");
    assertThat(body("POST", "/api/v1/incidents/i-1/ack")).isEqualTo("{\"ack\":\"i-1\"}");
  }

  @Test
  void emptySegmentsAndExtraSegmentsDoNotMatch() {
    assertThatThrownBy(() -> routes.dispatch(call("GET", "/api/v1/devices/")))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> routes.dispatch(call("GET", "/api/v1/devices/a/b/c")))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void otherMethodOnAKnownPathIs405ListingTheAllowedOnes() {
    assertThatThrownBy(() -> routes.dispatch(call("GET", "/api/v1/incidents/i-1/ack")))
        .isInstanceOfSatisfying(HttpException.class, e -> {
          assertThat(e.status()).isEqualTo(405);
          assertThat(e.headers()).containsEntry("Allow", "POST, DELETE");
        });
  }

  @Test
  void fullExecutorAnswers503WithRetryAfter() {
    HttpReply reply = RouterHandler.failureReply("GET", new RejectedExecutionException("queue full"));
    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.headers()).containsEntry("Retry-After", "1");
  }

  @Test
  void unexpectedFailureIs500WithoutItsMessage() {
    HttpReply reply = RouterHandler.failureReply("GET", new IllegalStateException("secret detail"));
    assertThat(reply.status()).isEqualTo(500);
    assertThat(new String(reply.body())).doesNotContain("secret detail");
  }

  @Test
  void aPathWithoutItsLeadingSlashIsNotRouted() {
    assertThatThrownBy(() -> routes.dispatch(call("GET", "api/v1/devices/dev-9")))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void bearerTokenAndGzipAcceptanceAreReadFromHeaders() {
    DefaultHttpHeaders headers = new DefaultHttpHeaders();
    headers.set("Authorization", "bearer  tok-1 ");
    headers.set("Accept-Encoding", "deflate, gzip;q=0");
    HttpCall call = new HttpCall("GET", "/", Map.of(), Map.of(), headers, new byte[0], 0);
    assertThat(call.bearerToken()).isEqualTo("tok-1");
    assertThat(call.acceptsGzip()).isFalse();
    headers.set("Accept-Encoding", "br, gzip");
    assertThat(call.acceptsGzip()).isTrue();
    headers.set("Authorization", "Basic abc");
    assertThat(call.bearerToken()).isNull();
  }

  @Test
  void anApiRouteWithoutAClientScopeIsRefusedWhenAdded() {
    Endpoint any = Endpoint.sync(call -> HttpReply.ok(Map.of()));
    assertThatThrownBy(() -> Routes.builder().get("/api/v1/availability", any))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("API route GET /api/v1/availability declares no client scope");
    assertThatThrownBy(() -> Routes.builder().route("POST", "/api/v1/audit", any))
        .hasMessageContaining("declares no client scope");
  }

  @Test
  void aScopeMustReadOneOfTheTemplatesParametersAndATemplateWithParametersMustSayWhoseTargetItIs() {
    Endpoint any = Endpoint.sync(call -> HttpReply.ok(Map.of()));
    assertThatThrownBy(() -> Routes.builder().route("GET", "/api/v1/devices/{deviceId}", DEVICE, any))
        .hasMessageContaining("its scope reads path parameter 'id', which the template does not have");
    assertThatThrownBy(() -> Routes.builder().route("GET", "/api/v1/patch-windows/{id}", Scope.listed(), any))
        .hasMessageContaining("addresses {id} but its scope").hasMessageContaining("Scope.target or Scope.clientPath");
  }

  @Test
  void entriesListEveryRouteWithItsScope() {
    assertThat(routes.entries()).containsExactly(
        new Routes.Entry("GET", "/api/v1/devices/{id}", DEVICE),
        new Routes.Entry("GET", "/api/v1/devices/{id}/sla", DEVICE),
        new Routes.Entry("POST", "/api/v1/incidents/{id}/ack", INCIDENT),
        new Routes.Entry("DELETE", "/api/v1/incidents/{id}/ack", INCIDENT),
        new Routes.Entry("GET", "/healthz", null));
  }
}
