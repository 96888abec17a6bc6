package dev.uptally.collector.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.json.Json;
import dev.uptally.config.collector.ClientConfig;
import dev.uptally.config.collector.CollectorConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * acme's public status page ({@code statusPage: {slug: acme-status}}) on a real collector fed the simulated October
 * ({@link SimulatedMonth}), read at 00:01 on 1 November: last month's availability per class is the hand-computed
 * truth of {@link MonthlyReportTest}, and nothing of any device — id or hostname, acme's or globex's — is on it.
 * Globex has no status page: every guess at one is the same 404.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusPageHttpTest {

  private static final List<String> DEVICE_IDS = List.of("srv-db", "srv-web", "ws-reception", "lt-partner", "gx-srv");
  private static final List<String> HOSTNAMES = List.of("acme-db01", "acme-web01", "reception-pc", "partner-laptop",
      "globex-srv");
  private static final long SERVER_MEASURED_S = 736 * 3600;
  private static final long BUSINESS_S = 220 * 3600;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private SimulatedMonth month;
  private String base;

  @BeforeAll
  void simulate(@TempDir Path dir) throws Exception {
    month = new SimulatedMonth(dir, StatusPageHttpTest::acmeHasAStatusPage);
    base = "http://127.0.0.1:" + month.app.address().getPort();
  }

  private static CollectorConfig acmeHasAStatusPage(CollectorConfig c) {
    List<ClientConfig> clients = new ArrayList<>();
    for (ClientConfig client : c.clients()) {
      clients.add(client.id().equals("acme") ? new ClientConfig(client.id(), client.name(), client.timezone(),
          client.contract(), client.enrollmentTokens(), new ClientConfig.StatusPage("acme-status")) : client);
    }
    return new CollectorConfig(c.server(), c.storage(), c.api(), c.heartbeat(), c.calendars(), c.contracts(), clients,
        c.notifications());
  }

  @AfterAll
  void stop() {
    if (month != null) {
      month.close();
    }
  }

  @Test
  void theHtmlPageShowsLastMonthsAvailabilityPerClassAndTheMachinesNowWithoutAToken() throws Exception {
    HttpResponse<String> r = get("/status/acme-status", "text/html,application/xhtml+xml,*/*;q=0.8");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
        assertThat(csp).contains("default-src 'self'"));
    assertThat(r.headers().firstValue("Cache-Control").orElseThrow()).matches("public, max-age=(60|59)");
    String html = r.body();
    // (2 × 736 h − 7,200 s) / (2 × 736 h) = 99.864 %; (220 h − 1,800 s) / 220 h = 99.773 %; laptops 100 %
    assertThat(html).contains("<h1 data-testid=\"status-name\">ACME Law LLP</h1>", "November 2026 (so far)",
        "October 2026", "<th scope=\"row\">Servers</th><td>", "99.86 %</td>", "99.77 %</td>", "100.00 %</td>",
        "<strong>4</strong> running", "<strong>0</strong> down", "All machines are working normally.",
        "Updated 1 November 2026 at 00:01 EDT");
    assertThat(html).doesNotContain("<script").doesNotContainPattern("\\sstyle=").doesNotContain("<style")
        .doesNotContainPattern("\\son[a-z]+=");
  }

  @Test
  void theJsonHasTheSameFiguresBySuffixAndByAcceptHeader() throws Exception {
    JsonNode bySuffix = json(get("/status/acme-status.json", null));
    JsonNode byAccept = json(get("/status/acme-status", "application/json"));
    assertThat(bySuffix).isEqualTo(byAccept);
    assertThat(bySuffix.get("clientName").asText()).isEqualTo("ACME Law LLP");
    assertThat(bySuffix.get("thisMonth").asText()).isEqualTo("2026-11");
    assertThat(bySuffix.get("lastMonth").asText()).isEqualTo("2026-10");
    assertThat(bySuffix.get("machines").get("up").asInt()).isEqualTo(4);
    assertThat(bySuffix.get("machines").get("down").asInt()).isZero();
    JsonNode classes = bySuffix.get("classes");
    assertThat(classes).extracting(c -> c.get("deviceClass").asText()).containsExactly("server", "workstation",
        "laptop");
    assertThat(classes.get(0).get("lastMonth").asDouble())
        .isEqualTo((2.0 * SERVER_MEASURED_S - 7200) / (2 * SERVER_MEASURED_S));
    assertThat(classes.get(1).get("lastMonth").asDouble()).isEqualTo((BUSINESS_S - 1800.0) / BUSINESS_S);
    assertThat(classes.get(2).get("lastMonth").asDouble()).isEqualTo(1.0);
  }

  @Test
  void noDeviceIdOrHostnameOfEitherClientIsOnThePageInAnyForm() throws Exception {
    List<String> bodies = List.of(get("/status/acme-status", null).body(), get("/status/acme-status.json", null).body(),
        gunzip(getBytes("/status/acme-status", "gzip")), gunzip(getBytes("/status/acme-status.json", "gzip")));
    for (String body : bodies) {
      String lower = body.toLowerCase(Locale.ROOT);
      for (String secret : concat(DEVICE_IDS, HOSTNAMES)) {
        assertThat(lower).as("the page names %s", secret).doesNotContain(secret);
      }
      assertThat(lower).doesNotContain("globex").doesNotContain("deviceid").doesNotContain("hostname");
    }
    // the fleet does carry them, so their absence is the page's doing
    String devices = new String(month.http.get("/api/v1/devices", "viewer-token-0123456789").body(),
        StandardCharsets.UTF_8);
    assertThat(devices).contains(DEVICE_IDS.toArray(String[]::new)).contains(HOSTNAMES.toArray(String[]::new));
  }

  @Test
  void aClientWithoutAStatusPageHasNoneAtAnyGuessAndEveryGuessGetsTheSameAnswer() throws Exception {
    HttpResponse<String> first = get("/status/globex", null);
    assertThat(first.statusCode()).isEqualTo(404);
    assertThat(first.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(first.body()).contains("No such status page").doesNotContain("globex");
    for (String guess : List.of("globex-status", "status-globex", "gx-srv", "acme", "acme-status-", "ACME-STATUS",
        "acme-status.html", "..", "%2e%2e")) {
      HttpResponse<String> r = get("/status/" + guess, null);
      assertThat(r.statusCode()).as(guess).isIn(400, 404);
      if (r.statusCode() == 404) {
        assertThat(r.body()).as(guess).isEqualTo(first.body());
      }
    }
    HttpResponse<String> json = get("/status/globex.json", null);
    assertThat(json.statusCode()).isEqualTo(404);
    assertThat(json.body()).isEqualTo("{\"error\":\"no such status page\"}");
  }

  /** Last: it moves the clock on, past the devices' grace, so that they go silent. */
  @Test
  @Order(Integer.MAX_VALUE)
  void thePageIsComputedOnceAMinuteAndItsCacheLifetimeCountsDown() throws Exception {
    JsonNode first = json(get("/status/acme-status.json", null));
    long ageMillis = month.clock.millis() - java.time.Instant.parse(first.get("updatedAt").asText()).toEpochMilli();
    month.clock.advanceMillis(59_000 - ageMillis);
    HttpResponse<String> later = get("/status/acme-status.json", null);
    assertThat(json(later).get("updatedAt")).isEqualTo(first.get("updatedAt"));
    assertThat(later.headers().firstValue("Cache-Control")).hasValue("public, max-age=1");
    month.clock.advanceMillis(1_000);
    JsonNode recomputed = json(get("/status/acme-status.json", null));
    assertThat(java.time.Instant.parse(recomputed.get("updatedAt").asText())).isEqualTo(month.clock.instant());
  }

  private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
    if (accept != null) {
      req.header("Accept", accept);
    }
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  private byte[] getBytes(String path, String encoding) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .header("Accept-Encoding", encoding).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    return r.body();
  }

  private static String gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JsonNode json(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    return Json.mapper().readTree(r.body());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
