package dev.uptally.collector.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.http.FakeQueries;
import dev.uptally.collector.http.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiHandlerHttpTest {

  private static final String[] VIEWER = {"Authorization", "Bearer " + TestServer.VIEWER_TOKEN};
  private final TestServer t = new TestServer();

  @BeforeEach
  void fleet() {
    for (int i = 0; i < 7; i++) {
      t.queries.devices.add(new ApiViews.DeviceView("dev-" + i, i < 5 ? "acme" : "globex", "host-" + i, "laptop",
          i == 0 ? "down" : "up", i == 0 ? "silent" : null, i == 0 ? Instant.parse("2026-11-25T11:50:00Z") : null,
          Instant.parse("2026-11-25T11:59:30Z"), null, null, 0L, null, null, null));
    }
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void missingTokenIs401WithBearerChallenge() {
    HttpResponse<String> response = t.get("/api/v1/devices");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    t.assertHealthy();
  }

  @Test
  void unknownTokenIs401() {
    assertThat(t.get("/api/v1/devices", "Authorization", "Bearer " + TestServer.VIEWER_TOKEN + "x").statusCode())
        .isEqualTo(401);
    assertThat(t.get("/api/v1/devices", "Authorization", "Basic dXNlcjpwYXNz").statusCode()).isEqualTo(401);
  }

  @Test
  void devicesListIsPagedWithTotalCount() {
    HttpResponse<String> response = t.get("/api/v1/devices?client=acme&limit=2&offset=1", VIEWER);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Total-Count")).hasValue("5");
    assertThat(response.body()).contains("\"dev-1\"", "\"dev-2\"").doesNotContain("\"dev-0\"", "\"dev-3\"");
  }

  @Test
  void instantsAreWrittenAsIsoStrings() {
    HttpResponse<String> response = t.get("/api/v1/devices/dev-3", VIEWER);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"lastHeartbeat\":\"2026-11-25T11:59:30Z\"", "\"deviceId\":\"dev-3\"");
  }

  @Test
  void devicesFilterByState() {
    HttpResponse<String> response = t.get("/api/v1/devices?state=down", VIEWER);
    assertThat(response.headers().firstValue("X-Total-Count")).hasValue("1");
    assertThat(response.body()).contains("\"dev-0\"");
  }

  @Test
  void devicesCarryTheirCauseAndSinceAndFilterByCause() {
    HttpResponse<String> silent = t.get("/api/v1/devices?state=down&cause=silent", VIEWER);
    assertThat(silent.headers().firstValue("X-Total-Count")).hasValue("1");
    assertThat(silent.body()).contains("\"cause\":\"silent\"", "\"since\":\"2026-11-25T11:50:00Z\"");
    assertThat(t.get("/api/v1/devices?cause=shutdown", VIEWER).headers().firstValue("X-Total-Count")).hasValue("0");
    assertThat(t.get("/api/v1/devices/dev-3", VIEWER).body()).contains("\"cause\":null", "\"since\":null");
  }

  @Test
  void badCauseOrCauseWithAnUpStateIs400() {
    HttpResponse<String> bad = t.get("/api/v1/devices?cause=meteor", VIEWER);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("'cause'", "meteor");
    HttpResponse<String> mixed = t.get("/api/v1/devices?state=up&cause=crash", VIEWER);
    assertThat(mixed.statusCode()).isEqualTo(400);
    assertThat(mixed.body()).contains("'cause'", "'up'");
    t.assertHealthy();
  }

  @Test
  void badStateLimitOrOffsetIs400NamingTheParameter() {
    assertThat(t.get("/api/v1/devices?state=sideways", VIEWER).body()).contains("'state'", "sideways");
    assertThat(t.get("/api/v1/devices?limit=10001", VIEWER).body()).contains("'limit'");
    assertThat(t.get("/api/v1/devices?limit=0", VIEWER).statusCode()).isEqualTo(400);
    assertThat(t.get("/api/v1/devices?offset=-1", VIEWER).body()).contains("'offset'");
    t.assertHealthy();
  }

  @Test
  void unknownDeviceIs404Json() {
    HttpResponse<String> response = t.get("/api/v1/devices/ghost", VIEWER);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("{\"error\":\"unknown device 'ghost'\"}");
    assertThat(t.get("/api/v1/devices/ghost/sla", VIEWER).statusCode()).isEqualTo(404);
    assertThat(t.get("/api/v1/devices/ghost/timeline", VIEWER).statusCode()).isEqualTo(404);
  }

  @Test
  void windowDefaultsToThirtyDaysEndingNow() {
    assertThat(t.get("/api/v1/devices/dev-1/timeline", VIEWER).statusCode()).isEqualTo(200);

    FakeQueries.Window window = t.queries.windows.get(0);
    assertThat(window.toMillis()).isEqualTo(TestServer.NOW.toEpochMilli());
    assertThat(window.fromMillis()).isEqualTo(TestServer.NOW.minus(Duration.ofDays(30)).toEpochMilli());
  }

  @Test
  void windowAcceptsInstantsOffsetsAndDates() {
    t.get("/api/v1/devices/dev-1/sla?from=2026-11-01&to=2026-11-02T06:00:00Z", VIEWER);
    t.get("/api/v1/devices/dev-1/sla?from=2026-11-01T01:00:00%2B01:00&to=2026-11-02", VIEWER);
    t.get("/api/v1/devices/dev-1/sla?from=2026-11-01T01:00:00+01:00&to=2026-11-02", VIEWER);

    List<FakeQueries.Window> windows = t.queries.windows;
    assertThat(windows).hasSize(3);
    long nov1 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    assertThat(windows.get(0).fromMillis()).isEqualTo(nov1);
    assertThat(windows.get(0).toMillis()).isEqualTo(Instant.parse("2026-11-02T06:00:00Z").toEpochMilli());
    assertThat(windows.get(1).fromMillis()).isEqualTo(nov1);
    assertThat(windows.get(2).fromMillis()).as("'+' decoded as a space is restored").isEqualTo(nov1);
  }

  @Test
  void badOrInvertedWindowIs400NamingTheParameter() {
    HttpResponse<String> bad = t.get("/api/v1/devices/dev-1/sla?from=yesterday", VIEWER);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("'from'", "yesterday");
    HttpResponse<String> inverted = t.get("/api/v1/devices/dev-1/timeline?from=2026-11-02&to=2026-11-01", VIEWER);
    assertThat(inverted.statusCode()).isEqualTo(400);
    assertThat(inverted.body()).contains("'from'", "'to'");
    assertThat(t.get("/api/v1/devices/dev-1/timeline?from=2026-11-01&to=2026-11-01", VIEWER).statusCode())
        .isEqualTo(400);
    HttpResponse<String> farFuture = t.get("/api/v1/devices/dev-1/sla?from=%2B1000000-01-01T00:00:00Z", VIEWER);
    assertThat(farFuture.statusCode()).as("beyond epoch milliseconds: 400, not 500").isEqualTo(400);
    assertThat(farFuture.body()).contains("'from'");
    assertThat(t.queries.windows).isEmpty();
    t.assertHealthy();
  }

  @Test
  void reliabilityGroupsByTheRequestedKey() {
    HttpResponse<String> response = t.get("/api/v1/reliability?groupBy=model&from=2026-10-01", VIEWER);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"group\":\"group-by-model\"", "\"mttfSeconds\":null");
    assertThat(t.get("/api/v1/reliability?groupBy=colour", VIEWER).body()).contains("'groupBy'", "colour");
  }

  @Test
  void extraOperatorRouteAnswersByRole() {
    String path = "/api/v1/incidents/inc-3/ack";
    assertThat(t.postJson(path, "{}", VIEWER).statusCode()).isEqualTo(403);
    HttpResponse<String> acked = t.postJson(path, "{}", "Authorization", "Bearer " + TestServer.OPERATOR_TOKEN);
    assertThat(acked.statusCode()).isEqualTo(200);
    assertThat(acked.body()).isEqualTo("{\"acknowledged\":\"inc-3\"}");
    assertThat(t.get(path, VIEWER).statusCode()).isEqualTo(405);
  }

  @Test
  void apiPathWithWrongMethodIs405() {
    assertThat(t.postJson("/api/v1/devices", "{}", VIEWER).statusCode()).isEqualTo(405);
  }
}
