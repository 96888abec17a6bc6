package dev.uptally.collector.incident;

import static dev.uptally.collector.incident.IncidentDevices.device;
import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.testing.DeviceScript;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/availability} on a small fleet whose figures are worked out by hand. ACME (New York) has two
 * servers (99.9 %, 24x7, credit 5 % below 99.9 %) and a laptop (98 %, business hours MON-FRI 08:00-18:00), all joining
 * on Tuesday 17 November 2026 with a first sample at 09:00 that reaches the collector at 09:05 (each 5-minute
 * step's samples are sent when it ends), where their timelines begin; it is now 19:00. One server crashes at 14:00 and
 * boots at 14:10.
 *
 * <ul>
 *   <li>servers: measured 2 × 9 h 55 min = 71,400 s, down 600 s (last heartbeat to boot): availability 70,800 / 71,400;
 *       budget 71,400 s × 0.1 % = 71.4 s (71 s), of which 71.4 − 600 = −528.6 s (−529 s) are left; 99.16 % &lt; 99.9 %:
 *       the 5 % credit tier.
 *   <li>laptop: measured 09:05-18:00 (business hours) = 32,100 s, none down: availability 1; budget 32,100 s × 2 % =
 *       642 s, all left; no credit.
 * </ul>
 */
class AvailabilityApiTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");

  @TempDir
  Path dir;
  private CollectorApp app;
  private ApiClient api;

  private static long at(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }

  @BeforeEach
  void aDayOfTwoServersOneCrashedAndALaptop() throws Exception {
    long start = at("2026-11-17T09:00");
    long now = at("2026-11-17T19:00");
    DeviceScript steady = device("srv-steady", "server", start).beatUpTo(now);
    DeviceScript crashed = device("srv-crashed", "server", start).beatUpTo(at("2026-11-17T14:00"))
        .crashAndBoot(at("2026-11-17T14:10"), at("2026-11-17T14:10:30")).beatUpTo(now);
    DeviceScript laptop = device("lt-steady", "laptop", start).beatUpTo(now);
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(start));
    app = new CollectorApp(ContractFixtures.config(NY, dir.resolve("uptally.db")), clock, HttpTimeouts.DEFAULTS, 2);
    api = new ApiClient(app.start());
    Map<DeviceScript, String> tokens = new LinkedHashMap<>();
    for (DeviceScript d : new DeviceScript[] {steady, crashed, laptop}) {
      tokens.put(d, api.enroll(d, NY.getId()));
    }
    api.live(clock, tokens, start, now);
    app.fleet().tickAll(now).join();
  }

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void eachClassMonthToDateAgainstItsTargetWithBudgetLeftAndProjectedCredit() throws Exception {
    JsonNode rows = api.get("/api/v1/availability");
    assertThat(rows).hasSize(2);
    JsonNode servers = rows.get(0);
    JsonNode laptops = rows.get(1);
    assertThat(servers.get("clientId").asText()).isEqualTo("acme");
    assertThat(servers.get("clientName").asText()).isEqualTo("ACME Law LLP");
    assertThat(servers.get("deviceClass").asText()).isEqualTo("server");
    assertThat(servers.get("devices").asInt()).isEqualTo(2);
    assertThat(servers.get("target").asDouble()).isEqualTo(99.9);
    assertThat(servers.get("availability").asDouble()).isEqualTo(70_800.0 / 71_400.0);
    assertThat(servers.get("budgetSeconds").asLong()).isEqualTo(71);
    assertThat(servers.get("budgetLeftSeconds").asLong()).isEqualTo(-529);
    assertThat(servers.get("projectedCreditPercent").asDouble()).isEqualTo(5.0);

    assertThat(laptops.get("deviceClass").asText()).isEqualTo("laptop");
    assertThat(laptops.get("devices").asInt()).isEqualTo(1);
    assertThat(laptops.get("target").asDouble()).isEqualTo(98.0);
    assertThat(laptops.get("availability").asDouble()).isEqualTo(1.0);
    assertThat(laptops.get("budgetSeconds").asLong()).isEqualTo(642);
    assertThat(laptops.get("budgetLeftSeconds").asLong()).isEqualTo(642);
    assertThat(laptops.get("projectedCreditPercent").asDouble()).isZero();

    assertThat(api.get("/api/v1/availability?client=acme&month=2026-11")).as("the default: NY's current month")
        .isEqualTo(rows);
    assertThat(api.get("/api/v1/availability?month=2026-10")).as("before the fleet joined").isEmpty();
  }

  @Test
  void anUnknownClientIs404AndABadOrFutureMonthOrAnUnknownParameterIs400() throws Exception {
    assertThat(status("/api/v1/availability?client=nobody")).isEqualTo(404);
    assertThat(status("/api/v1/availability?month=2026-13")).isEqualTo(400);
    assertThat(status("/api/v1/availability?month=nov")).isEqualTo(400);
    assertThat(status("/api/v1/availability?month=")).isEqualTo(400);
    HttpResponse<String> future = api.getRaw("/api/v1/availability?month=2026-12", ContractFixtures.VIEWER_TOKEN);
    assertThat(future.statusCode()).isEqualTo(400);
    assertThat(future.body()).contains("has not begun").contains("2026-11-17").contains("America/New_York");
    assertThat(status("/api/v1/availability?from=2026-11-01T00:00:00Z")).isEqualTo(400);
    assertThat(api.getRaw("/api/v1/availability", "wrong-token-0123456789").statusCode()).isEqualTo(401);
  }

  private int status(String path) throws Exception {
    return api.getRaw(path, ContractFixtures.VIEWER_TOKEN).statusCode();
  }
}
