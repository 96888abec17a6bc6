package dev.uptally.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One decision of the path, before routing or auth: every spelling the router would take for a token-checked path is
 * either refused 400 before any token is looked at, or counted by the failed-token limiter exactly as it is routed.
 * The server allows three wrong tokens a minute per address.
 */
class RequestTargetHttpTest {

  private static String request(String method, String target, String token) {
    return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
  }

  @Test
  void targetsWithoutTheirLeadingSlashAreRefused400NeverAnswered401SoGuessingThroughThemIsImpossible()
      throws IOException {
    try (TestServer t = new TestServer(TestServer.limited(Duration.ofSeconds(30)), null, HttpTimeouts.DEFAULTS)) {
      for (int i = 0; i < 10; i++) {
        String answer = t.raw(request("GET", "api/v1/devices", "guess-" + i));
        assertThat(answer).as("guess %d", i).startsWith("HTTP/1.1 400")
            .contains("{\"error\":\"request target 'api/v1/devices' is not served: it must start with '/'");
      }
      assertThat(t.raw(request("POST", "v1/enroll", "guess"))).startsWith("HTTP/1.1 400");
      assertThat(t.raw(request("GET", "metrics", "guess"))).startsWith("HTTP/1.1 400");
      assertThat(t.ingest.calls).as("nothing reached an endpoint").isEmpty();
      assertThat(t.get("/api/v1/devices", "Authorization", "Bearer " + TestServer.VIEWER_TOKEN).statusCode())
          .as("no token was looked at, so none was counted").isEqualTo(200);
    }
  }

  @Test
  void everyOtherFormThatCouldReachARouteAnotherWayIsRefused400WithAJsonError() throws IOException {
    try (TestServer t = new TestServer(TestServer.limited(Duration.ofSeconds(30)), null, HttpTimeouts.DEFAULTS)) {
      for (List<String> bad : List.of(List.of("GET", "http://127.0.0.1/api/v1/devices"), List.of("OPTIONS", "*"),
          List.of("CONNECT", "127.0.0.1:443"), List.of("GET", "//api/v1/devices"), List.of("GET", "/api//v1/devices"),
          List.of("GET", "/api/v1%2Fdevices"), List.of("GET", "/x/%2e%2e/api/v1/devices"),
          List.of("GET", "/api/v1/./devices"), List.of("POST", "/v1/%2e/enroll"))) {
        String answer = t.raw(request(bad.get(0), bad.get(1), "guess"));
        assertThat(answer).as(bad.toString()).startsWith("HTTP/1.1 400")
            .containsIgnoringCase("Content-Type: application/json").contains("{\"error\":\"request target '" + bad.get(1) + "' is not served");
      }
      assertThat(t.ingest.calls).isEmpty();
      t.assertHealthy();
    }
  }

  @Test
  void anAcceptedSpellingIsCountedByTheLimiterExactlyAsItIsRouted() throws IOException {
    try (TestServer t = new TestServer(TestServer.limited(Duration.ofSeconds(30)), null, HttpTimeouts.DEFAULTS)) {
      for (int i = 0; i < 3; i++) {
        assertThat(t.raw(request("GET", "/%61pi/v1/devices", "guess-" + i))).startsWith("HTTP/1.1 401");
      }
      assertThat(t.raw(request("GET", "/api/v1/devices", TestServer.VIEWER_TOKEN)))
          .as("the encoded spelling is the same path to the limiter: the address is held off").startsWith("HTTP/1.1 429");
    }
  }
}
