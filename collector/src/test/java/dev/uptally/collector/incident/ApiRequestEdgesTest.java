package dev.uptally.collector.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the API answers to requests at its edges, on a real collector whose one client is {@code acme} (New York):
 * query parameters no route reads, a {@code client} that is not configured, a report month not yet begun, and
 * operator POSTs without a body.
 */
class ApiRequestEdgesTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final String VIEWER = ContractFixtures.VIEWER_TOKEN;
  private static final String OPERATOR = ContractFixtures.OPERATOR_TOKEN;

  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
  private CollectorApp app;
  private InetSocketAddress address;
  private ApiClient api;

  @BeforeEach
  void start() {
    app = new CollectorApp(ContractFixtures.config(NY, dir.resolve("uptally.db")), clock, HttpTimeouts.DEFAULTS, 2);
    address = app.start();
    api = new ApiClient(address);
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return api.getRaw(pathAndQuery, VIEWER);
  }

  @Test
  void anUnknownQueryParameterIs400NamingItAndTheAcceptedOnes() throws Exception {
    HttpResponse<String> devices = get("/api/v1/devices?stat=down");
    assertThat(devices.statusCode()).isEqualTo(400);
    assertThat(devices.body())
        .isEqualTo("{\"error\":\"unknown query parameter 'stat' (accepted: cause, client, limit, offset, retired, state)\"}");

    assertThat(get("/api/v1/incidents?stat=open").body())
        .contains("unknown query parameter 'stat' (accepted: client, format, from, priority, rule, sort, state, to)");
    assertThat(get("/api/v1/violations?clinet=acme").body())
        .contains("unknown query parameter 'clinet' (accepted: cause, client, format, from, limit, month, offset, order, party,"
            + " to, type)");
    assertThat(get("/api/v1/reliability?group=model").body())
        .contains("unknown query parameter 'group' (accepted: from, groupBy, to)");
    assertThat(get("/api/v1/devices/ws-1/timeline?form=2026-11-01").body())
        .contains("unknown query parameter 'form' (accepted: from, to)");
    assertThat(get("/api/v1/devices/ws-1/sla?days=7").body()).contains("'days' (accepted: from, to)");
    assertThat(get("/api/v1/devices/ws-1?verbose=1").body()).contains("'verbose' (accepted: none)");
    assertThat(get("/api/v1/incidents/i-1?x=1").body()).contains("'x' (accepted: none)");
    assertThat(get("/api/v1/clients/acme/report?months=2026-10").body())
        .contains("unknown query parameter 'months' (accepted: format, month)");
    assertThat(get("/api/v1/devices?zeta=1&alpha=2&state=up").body())
        .contains("unknown query parameters 'alpha', 'zeta' (accepted: cause, client, limit, offset, retired, state)");

    HttpResponse<String> ack = api.post("/api/v1/incidents/i-1/ack?force=1", OPERATOR, "{}");
    assertThat(ack.statusCode()).isEqualTo(400);
    assertThat(ack.body()).contains("'force' (accepted: none)");
    assertThat(api.post("/api/v1/devices/ws-1/release?now=1", OPERATOR, null).statusCode()).isEqualTo(400);
  }

  @Test
  void theQueriesTheDashboardBuildsAreAccepted() throws Exception {
    // as web/js builds them: api.js devices(), views/device.js, reliability.js, incidents.js, violations.js, reports.js
    String window = "from=2026-11-18T12:00:00.000Z&to=2026-11-25T12:00:00.000Z";
    assertThat(get("/api/v1/devices?client=acme&state=up&limit=50&offset=0").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/devices?limit=1").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/devices/ws-1/timeline?" + window).statusCode()).as("unknown device").isEqualTo(404);
    assertThat(get("/api/v1/devices/ws-1/sla?" + window).statusCode()).as("unknown device").isEqualTo(404);
    assertThat(get("/api/v1/reliability?groupBy=model&" + window).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/incidents?state=open").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/violations?client=acme&party=msp").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/clients/acme/report?month=2026-10&format=csv").statusCode()).isEqualTo(200);
  }

  @Test
  void aClientFilterNamingNoConfiguredClientIs404() throws Exception {
    for (String route : List.of("/api/v1/violations", "/api/v1/incidents", "/api/v1/devices")) {
      HttpResponse<String> response = get(route + "?client=nosuch");
      assertThat(response.statusCode()).as(route).isEqualTo(404);
      assertThat(response.body()).as(route).isEqualTo("{\"error\":\"unknown client 'nosuch'\"}");
      assertThat(get(route + "?client=acme").statusCode()).as(route).isEqualTo(200);
    }
  }

  @Test
  void aReportForAMonthNotYetBegunInTheClientsZoneIs400() throws Exception {
    HttpResponse<String> future = get("/api/v1/clients/acme/report?month=2099-01");
    assertThat(future.statusCode()).isEqualTo(400);
    assertThat(future.body()).startsWith("{\"error\":\"month 2099-01 has not begun (it is 2026-11-25 in America/New_York");
    assertThat(get("/api/v1/clients/acme/report?month=2026-12").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/clients/acme/report?month=2026-11").statusCode()).as("in progress").isEqualTo(200);

    // 03:00 UTC on 1 December is still 30 November, 22:00, in New York
    clock.set(Instant.parse("2026-12-01T03:00:00Z"));
    assertThat(get("/api/v1/clients/acme/report?month=2026-12").body()).contains("has not begun (it is 2026-11-30");
    clock.set(Instant.parse("2026-12-01T05:00:00Z"));
    assertThat(get("/api/v1/clients/acme/report?month=2026-12").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/clients/nosuch/report?month=2099-01").statusCode()).isEqualTo(404);
  }

  @Test
  void anAckWithNoBodyNeedsNoContentTypeButABodyMustBeJson() throws Exception {
    // neither Content-Type nor Content-Length: no body; the route runs (the incident is unknown: 404, not 415)
    String noHeaders = raw("POST /api/v1/incidents/no-such-id/ack HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        + OPERATOR + "\r\nConnection: close\r\n\r\n");
    assertThat(noHeaders).startsWith("HTTP/1.1 404").contains("unknown incident 'no-such-id'");
    assertThat(api.postUntyped("/api/v1/incidents/no-such-id/resolve", OPERATOR, "").statusCode()).isEqualTo(404);

    HttpResponse<String> text = api.postUntyped("/api/v1/incidents/no-such-id/ack", OPERATOR, "on it");
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(text.body()).contains("Content-Type must be application/json");
    assertThat(api.post("/api/v1/incidents/no-such-id/ack", OPERATOR, "on it").statusCode())
        .as("typed JSON, malformed").isEqualTo(400);
  }

  private String raw(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", address.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
