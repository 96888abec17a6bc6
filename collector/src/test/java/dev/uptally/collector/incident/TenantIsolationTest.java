package dev.uptally.collector.incident;

import static dev.uptally.collector.incident.IncidentDevices.HEALTHY;
import static dev.uptally.collector.incident.IncidentDevices.health;
import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.access.Scope;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.http.Routes;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.config.collector.ApiConfig;
import dev.uptally.config.collector.ApiConfig.ApiToken;
import dev.uptally.config.collector.ApiConfig.Role;
import dev.uptally.config.collector.ClientConfig;
import dev.uptally.config.collector.CollectorConfig;
import dev.uptally.config.collector.ServerConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Client-scoped API tokens on a real collector with two clients, acme (A) and globex (B), each with one server
 * whose full disk opened an incident that breached its response time. The walk takes every API route from the
 * collector's own route table — a route added later is walked too, and one without a client scope could not have been
 * registered — and calls it with a token that sees only acme: B's device, incident or client answers byte for byte
 * as an unknown one, and no list or aggregate shows anything of B (whose every id, hostname and hardware model
 * carries "globex", so its absence can be read from the body).
 */
class TenantIsolationTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final String GLOBEX_ENROLL = "globex-enroll-token-0123456789";
  private static final String METRICS_TOKEN = "metrics-token-0123456789";
  /** Admin, so that no route is refused for its role: what is refused is refused for its client. */
  private static final String ACME_ADMIN = "acme-admin-token-0123456789";
  private static final String ACME_VIEWER = "acme-viewer-token-0123456789";
  /** {@code printf %s acme-viewer-token-0123456789 | sha256sum} */
  private static final String ACME_VIEWER_SHA256 = "a493601ec28f328a957289d5eb0736265280ace50fadc2fe2a06dca64059de8b";
  private static final String UNSCOPED = ContractFixtures.ADMIN_TOKEN;
  private static final String UNKNOWN = "unknown-0";

  @TempDir
  Path dir;
  private MutableClock clock;
  private CollectorApp app;
  private ApiClient api;
  /** Kind of target (the path segment before its parameter) to B's id of it and A's. */
  private final Map<String, String> foreignIds = new LinkedHashMap<>();
  private final Map<String, String> ownIds = new LinkedHashMap<>();

  private static long at(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }

  @BeforeEach
  void twoClientsEachWithAServerWhoseFullDiskBreachedItsResponse() throws Exception {
    long start = at("2026-11-17T09:00");
    clock = new MutableClock(Instant.ofEpochMilli(start));
    app = new CollectorApp(config(ACME_VIEWER_SHA256), clock, HttpTimeouts.DEFAULTS, 2);
    api = new ApiClient(app.start());
    DeviceScript a = server("srv-acme", "Acme Servers", start);
    DeviceScript b = server("srv-globex", "Globex Servers", start);
    String tokenA = api.enroll(a, NY.getId());
    String tokenB = enrollGlobex(b);
    api.send(tokenA, a.deviceId(), a.samples(), clock.millis());
    api.send(tokenB, b.deviceId(), b.samples(), clock.millis());
    a.beatUpTo(at("2026-11-17T10:10"), health(0.95, 51.0));
    b.beatUpTo(at("2026-11-17T10:10"), health(0.95, 51.0));
    api.live(clock, Map.of(a, tokenA, b, tokenB), start, at("2026-11-17T10:10"));
    app.contractEngine().awaitIdle();
    app.contractEngine().evaluate(clock.millis()); // P2: response due 1 h after 09:05
    app.contractEngine().awaitIdle();

    foreignIds.put("devices", b.deviceId());
    ownIds.put("devices", a.deviceId());
    foreignIds.put("incidents", onlyIncidentOf("globex"));
    ownIds.put("incidents", onlyIncidentOf("acme"));
    foreignIds.put("clients", "globex");
    ownIds.put("clients", "acme");
    assertThat(unscoped("/api/v1/violations?client=globex")).as("B's response breach").isNotEmpty();
  }

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void everyApiRouteAnswersAnotherClientsTargetExactlyAsAnUnknownOneAndListsNothingOfIt() throws Exception {
    List<Routes.Entry> apiRoutes = app.routes().entries().stream()
        .filter(r -> r.template().startsWith(Routes.API_PREFIX)).toList();
    assertThat(apiRoutes).as("the route table's API routes").hasSizeGreaterThanOrEqualTo(17);
    List<String> walked = new ArrayList<>();
    for (Routes.Entry route : apiRoutes) {
      assertThat(route.scope()).as(route + " declares its client scope").isNotNull();
      if (route.scope() instanceof Scope.Listed && route.method().equals("POST")) {
        walkBulk(route);
      } else if (route.scope() instanceof Scope.Listed) {
        walkList(route);
      } else if (route.scope() instanceof Scope.EveryClient) {
        assertThat(call(route.method(), route.template(), ACME_ADMIN).statusCode()).as(route.toString()).isEqualTo(403);
      } else {
        walkTarget(route);
      }
      walked.add(route.method() + " " + route.template());
    }
    assertThat(walked).contains("GET /api/v1/devices", "GET /api/v1/devices/{id}", "POST /api/v1/incidents/{id}/ack",
        "POST /api/v1/incidents/ack", "POST /api/v1/incidents/resolve", "GET /api/v1/violations/rollup",
        "POST /api/v1/devices/{id}/retire", "GET /api/v1/clients/{id}/report", "GET /api/v1/lifetimes",
        "GET /api/v1/clients", "GET /api/v1/clients/{id}/summary");

    // nothing the walk POSTed reached B: its server is in service, its incident neither acknowledged nor resolved
    JsonNode device = Json.mapper().readTree(api.getRaw("/api/v1/devices/srv-globex", UNSCOPED).body());
    assertThat(device.get("retiredAt").isNull()).isTrue();
    JsonNode incident = Json.mapper().readTree(api.getRaw("/api/v1/incidents/" + foreignIds.get("incidents"),
        UNSCOPED).body());
    assertThat(incident.get("state").asText()).isEqualTo("open");
  }

  /** B's target and an unknown one: 404 both, the same body but for the id; A's own target is reachable. */
  private void walkTarget(Routes.Entry route) throws Exception {
    String param = route.scope().pathParam();
    String kind = kindOf(route.template(), param);
    assertThat(foreignIds).as("%s addresses a %s: give the walk one of B's and of A's", route, kind).containsKey(kind);
    String foreignId = foreignIds.get(kind);
    HttpResponse<String> foreign = call(route.method(), path(route.template(), param, foreignId), ACME_ADMIN);
    HttpResponse<String> unknown = call(route.method(), path(route.template(), param, UNKNOWN), ACME_ADMIN);
    assertThat(foreign.statusCode()).as("%s on B's %s: %s", route, kind, foreign.body()).isEqualTo(404);
    assertThat(unknown.statusCode()).as("%s on an unknown %s", route, kind).isEqualTo(404);
    assertThat(foreign.body()).as("%s: B's %s answers as an unknown one", route, kind)
        .isEqualTo(unknown.body().replace(UNKNOWN, foreignId));
    assertThat(foreign.headers().map()).as(route.toString()).containsOnlyKeys(unknown.headers().map().keySet());
    assertThat(foreign.body().toLowerCase(Locale.ROOT).replace(foreignId, "")).doesNotContain("globex");
    if (route.method().equals("GET")) {
      HttpResponse<String> own = call("GET", path(route.template(), param, ownIds.get(kind)), ACME_VIEWER);
      assertThat(own.statusCode()).as("%s on A's own %s: %s", route, kind, own.body()).isNotEqualTo(404);
    }
  }

  /**
   * A bulk action over ids the body lists: B's id answers byte for byte as an unknown one (404), and A's own is acted
   * on.
   */
  private void walkBulk(Routes.Entry route) throws Exception {
    String foreignId = foreignIds.get("incidents");
    HttpResponse<String> foreign = api.post(route.template(), ACME_ADMIN, ids(foreignId));
    HttpResponse<String> unknown = api.post(route.template(), ACME_ADMIN, ids(UNKNOWN));
    assertThat(foreign.statusCode()).as("%s on B's incident: %s", route, foreign.body()).isEqualTo(404);
    assertThat(unknown.statusCode()).as("%s on an unknown incident", route).isEqualTo(404);
    assertThat(foreign.body()).as(route.toString()).isEqualTo(unknown.body().replace(UNKNOWN, foreignId));
    assertThat(foreign.headers().map()).as(route.toString()).containsOnlyKeys(unknown.headers().map().keySet());
    assertThat(foreign.body().toLowerCase(Locale.ROOT).replace(foreignId, "")).doesNotContain("globex");
    HttpResponse<String> own = api.post(route.template(), ACME_ADMIN, ids(ownIds.get("incidents")));
    assertThat(own.statusCode()).as("%s on A's own incident: %s", route, own.body()).isEqualTo(200);
  }

  @Test
  void aScopedTokensBulkActionNamingAnotherClientsIncidentIsRefusedAsUnknownAndChangesNeither() throws Exception {
    String own = ownIds.get("incidents");
    String foreign = foreignIds.get("incidents");
    HttpResponse<String> mixed = api.post("/api/v1/incidents/ack", ACME_ADMIN,
        "{\"ids\":[\"" + own + "\",\"" + foreign + "\"],\"note\":\"both\"}");
    assertThat(mixed.statusCode()).isEqualTo(404);
    assertThat(mixed.body()).isEqualTo("{\"error\":\"unknown incident '" + foreign + "'; nothing was acknowledged\"}");
    for (String id : List.of(own, foreign)) {
      JsonNode i = Json.mapper().readTree(api.getRaw("/api/v1/incidents/" + id, UNSCOPED).body());
      assertThat(i.get("state").asText()).as(id).isEqualTo("open");
      assertThat(i.get("acknowledgedBy").isNull()).as(id).isTrue();
    }
    HttpResponse<String> resolve = api.post("/api/v1/incidents/resolve", ACME_ADMIN, ids(foreign));
    assertThat(resolve.statusCode()).isEqualTo(404);
    assertThat(Json.mapper().readTree(api.getRaw("/api/v1/incidents/" + foreign, UNSCOPED).body()).get("state")
        .asText()).isEqualTo("open");
    // the unscoped token acts on both
    assertThat(api.post("/api/v1/incidents/ack", UNSCOPED, "{\"ids\":[\"" + own + "\",\"" + foreign + "\"]}")
        .statusCode()).isEqualTo(200);
  }

  private static String ids(String id) {
    return "{\"ids\":[\"" + id + "\"],\"note\":\"walk\"}";
  }

  /**
   * {@code ?client=} B and an unknown client answer alike (404, or 400 where the route takes no {@code client}); the
   * list itself holds nothing of B for the scoped token, while the unscoped token's does (so the walk proves
   * something).
   */
  private void walkList(Routes.Entry route) throws Exception {
    HttpResponse<String> foreign = call("GET", route.template() + "?client=globex", ACME_ADMIN);
    HttpResponse<String> unknown = call("GET", route.template() + "?client=" + UNKNOWN, ACME_ADMIN);
    assertThat(foreign.statusCode()).as("%s?client=globex: %s", route, foreign.body()).isIn(400, 404);
    assertThat(foreign.statusCode()).as(route.toString()).isEqualTo(unknown.statusCode());
    assertThat(foreign.body()).as(route.toString()).isEqualTo(unknown.body().replace(UNKNOWN, "globex"));
    HttpResponse<String> scoped = call("GET", route.template(), ACME_ADMIN);
    HttpResponse<String> everyone = call("GET", route.template(), UNSCOPED);
    assertThat(scoped.statusCode()).as("%s: %s", route, scoped.body()).isEqualTo(200);
    assertThat(everyone.body().toLowerCase(Locale.ROOT)).as("%s for an unscoped token shows B", route)
        .contains("globex");
    assertThat(scoped.body().toLowerCase(Locale.ROOT)).as("%s for acme's token", route).doesNotContain("globex");
    if (foreign.statusCode() == 404) {
      HttpResponse<String> own = call("GET", route.template() + "?client=acme", ACME_VIEWER);
      assertThat(own.statusCode()).as("%s?client=acme", route).isEqualTo(200);
      assertThat(own.body()).as("%s: acme's token with and without ?client=acme", route).isEqualTo(scoped.body());
    }
  }

  @Test
  void aScopedTokenIsRefusedOnAProtectedMetricsWith403AndAnUnscopedApiTokenStaysUnauthorized() throws Exception {
    assertThat(api.getRaw("/metrics", ACME_VIEWER).statusCode()).isEqualTo(403);
    assertThat(api.getRaw("/metrics", ACME_VIEWER).body()).contains("series of every client");
    assertThat(api.getRaw("/metrics", UNSCOPED).statusCode()).isEqualTo(401);
    assertThat(api.getRaw("/metrics", METRICS_TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void aTokenConfiguredByItsSha256AuthenticatesWithTheTokenAndSeesItsClientOnly() throws Exception {
    JsonNode devices = Json.mapper().readTree(api.getRaw("/api/v1/devices", ACME_VIEWER).body());
    assertThat(devices).extracting(d -> d.get("deviceId").asText()).containsExactly("srv-acme");
    assertThat(api.getRaw("/api/v1/devices", ACME_VIEWER_SHA256).statusCode()).as("the digest is no token")
        .isEqualTo(401);
  }

  @Test
  void anUnscopedTokenStillSeesEveryClient() throws Exception {
    assertThat(unscoped("/api/v1/devices")).extracting(d -> d.get("deviceId").asText())
        .containsExactly("srv-acme", "srv-globex");
    assertThat(unscoped("/api/v1/incidents")).extracting(i -> i.get("clientId").asText())
        .containsExactlyInAnyOrder("acme", "globex");
    assertThat(unscoped("/api/v1/reliability")).extracting(r -> r.get("group").asText())
        .containsExactlyInAnyOrder("acme", "globex");
  }

  @Test
  void aTokenOfSeveralClientsSeesTheirsAndNarrowsToOneWithClient() throws Exception {
    app.close();
    app = new CollectorApp(config(ACME_VIEWER_SHA256, new ApiToken("both", "both-token-0123456789", Role.VIEWER,
        Set.of("acme", "globex"))), clock, HttpTimeouts.DEFAULTS, 2);
    api = new ApiClient(app.start());
    assertThat(Json.mapper().readTree(api.getRaw("/api/v1/devices", "both-token-0123456789").body()))
        .extracting(d -> d.get("deviceId").asText()).containsExactly("srv-acme", "srv-globex");
    assertThat(Json.mapper().readTree(api.getRaw("/api/v1/incidents?client=globex", "both-token-0123456789").body()))
        .extracting(i -> i.get("clientId").asText()).containsExactly("globex");
  }

  private List<JsonNode> unscoped(String pathAndQuery) throws Exception {
    HttpResponse<String> r = api.getRaw(pathAndQuery, UNSCOPED);
    assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    Json.mapper().readTree(r.body()).forEach(out::add);
    return out;
  }

  private String onlyIncidentOf(String client) throws Exception {
    List<JsonNode> incidents = unscoped("/api/v1/incidents?client=" + client);
    assertThat(incidents).as(client + "'s incidents").singleElement()
        .satisfies(i -> assertThat(i.get("rule").asText()).isEqualTo("diskFull"));
    return incidents.get(0).get("id").asText();
  }

  private HttpResponse<String> call(String method, String path, String token) throws Exception {
    if (method.equals("GET")) {
      return api.getRaw(path, token);
    }
    // bodies an action would accept, so that a route the gate let through would act (and answer 200)
    String body = path.endsWith("/retire") ? "{\"reason\":\"decommissioned\"}"
        : path.contains("/hardware-changes/") ? "{\"failure\":false}" : null;
    return api.post(path, token, body);
  }

  /** The template with {@code param} set to {@code id} and any other parameter to "x". */
  private static String path(String template, String param, String id) {
    return template.replace("{" + param + "}", id).replaceAll("\\{[^}]+}", "x");
  }

  /** "devices" for {@code /api/v1/devices/{id}/…}: the segment before the parameter. */
  private static String kindOf(String template, String param) {
    String[] segments = template.split("/");
    for (int i = 1; i < segments.length; i++) {
      if (segments[i].equals("{" + param + "}")) {
        return segments[i - 1];
      }
    }
    throw new AssertionError(template + " has no {" + param + "}");
  }

  private static DeviceScript server(String id, String model, long firstSampleMillis) {
    Inventory inventory = new Inventory(new Inventory.Os("linux", "6.8", "6.8.0"),
        new Inventory.Hardware(model.split(" ")[0], model, "SN-" + id, null), null, 32L << 30,
        List.of(new Inventory.Drive(model + " SSD", "D-" + id, 1L << 40)), List.of());
    return DeviceScript.device(id, "server").hostname("host-" + id).everyMillis(IncidentDevices.INTERVAL)
        .health(HEALTHY).inventory(inventory).start(firstSampleMillis - 60_000, firstSampleMillis)
        .beatUpTo(firstSampleMillis);
  }

  private String enrollGlobex(DeviceScript d) throws Exception {
    HttpResponse<String> r = api.post("/v1/enroll", GLOBEX_ENROLL, Json.mapper().writeValueAsString(
        new EnrollRequest(d.deviceId(), d.hostname(), d.deviceClass(), "Europe/Berlin", "1.0.0", null, Map.of())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.mapper().readValue(r.body(), EnrollResponse.class).deviceToken();
  }

  /** The fixtures' contract and tokens, a second client globex, acme's scoped tokens and a metrics token. */
  private CollectorConfig config(String acmeViewerSha256, ApiToken... more) {
    CollectorConfig base = ContractFixtures.config(NY, dir.resolve("uptally.db"));
    ServerConfig s = base.server();
    ServerConfig server = new ServerConfig(s.host(), s.port(), s.tls(), s.allowPlaintext(), METRICS_TOKEN,
        s.maxBodyBytes(), s.maxSamplesPerRequest(), s.rateLimits(), s.requestTimeout());
    List<ApiToken> tokens = new ArrayList<>(base.api().tokens());
    tokens.add(new ApiToken("acme-admin", ACME_ADMIN, Role.ADMIN, Set.of("acme")));
    tokens.add(new ApiToken("acme-viewer", null, acmeViewerSha256, Role.VIEWER, Set.of("acme")));
    tokens.addAll(List.of(more));
    List<ClientConfig> clients = new ArrayList<>(base.clients());
    clients.add(new ClientConfig("globex", "Globex Corporation", ZoneId.of("Europe/Berlin"), "standard",
        List.of(GLOBEX_ENROLL)));
    return new CollectorConfig(server, base.storage(), new ApiConfig(tokens), base.heartbeat(), base.calendars(),
        base.contracts(), clients, base.notifications());
  }
}
