package dev.uptally.collector.incident;

import static dev.uptally.collector.incident.IncidentDevices.HEALTHY;
import static dev.uptally.collector.incident.IncidentDevices.device;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.protocol.Sample;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A laptop whose OS announced its sleep ({@code suspend}) is {@code asleep} live — in the device list, its SLA and
 * {@code /metrics} — counts no failure and opens no {@code deviceDown} incident, however long it sleeps; a {@code
 * resume} or a new boot closes the sleep. Against it, the same laptop going quiet without notice is {@code down} /
 * {@code silent} with its since, and opens the incident. A real collector over HTTP on a {@link MutableClock}; the
 * laptop's class has deviceDown P4 and grace 15 minutes (client zone New York).
 */
class AnnouncedSleepTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final long MIN = 60_000;

  @TempDir
  Path dir;
  private MutableClock clock;
  private CollectorApp app;
  private ApiClient api;
  private URI base;

  private static long at(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }

  @BeforeEach
  void start() {
    clock = new MutableClock(Instant.ofEpochMilli(at("2026-11-18T09:00")));
    app = new CollectorApp(ContractFixtures.config(NY, dir.resolve("uptally.db")), clock, HttpTimeouts.DEFAULTS, 2);
    InetSocketAddress address = app.start();
    base = URI.create("http://127.0.0.1:" + address.getPort());
    api = new ApiClient(address);
  }

  @AfterEach
  void stop() {
    app.close();
  }

  /** A laptop heartbeating on Wednesday from 09:00 to 17:00, live. */
  private String laptopWorkedUntilFive(DeviceScript lt) throws Exception {
    String token = api.enroll(lt, "America/New_York");
    api.send(token, lt.deviceId(), lt.between(clock.millis() - 1, clock.millis()), clock.millis());
    api.live(clock, token, lt, clock.millis(), at("2026-11-18T17:00"));
    app.contractEngine().awaitIdle();
    return token;
  }

  private void sendNow(String token, DeviceScript d, long nowMillis) throws Exception {
    clock.set(Instant.ofEpochMilli(nowMillis));
    api.send(token, d.deviceId(), d.between(nowMillis - 24 * 60 * MIN, nowMillis), nowMillis);
    app.contractEngine().awaitIdle();
  }

  /** Time passes to {@code local}: the silence check and the contract engine run as their timers would. */
  private void passTo(String local) {
    clock.set(Instant.ofEpochMilli(at(local)));
    app.fleet().tickAll(clock.millis()).join();
    app.contractEngine().evaluate(clock.millis());
    app.contractEngine().awaitIdle();
  }

  private String metrics() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/metrics")).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  @Test
  void announcedSleepIsAsleepLiveWithoutFailureOrIncidentAndResumeClosesIt() throws Exception {
    DeviceScript lt = device("lt-lid", "laptop", at("2026-11-18T09:00")).beatUpTo(at("2026-11-18T17:00"));
    String token = laptopWorkedUntilFive(lt);
    long suspendAt = at("2026-11-18T17:00") + 20_000;
    lt.suspend(20_000);
    sendNow(token, lt, suspendAt + 1_000);

    passTo("2026-11-19T07:30"); // a night and then some: far beyond grace
    JsonNode view = api.get("/api/v1/devices/lt-lid");
    assertThat(view.get("state").asText()).isEqualTo("asleep");
    assertThat(view.get("cause").isNull()).isTrue();
    assertThat(Instant.parse(view.get("since").asText()).toEpochMilli()).isEqualTo(suspendAt);
    assertThat(api.get("/api/v1/devices?state=asleep")).extracting(d -> d.get("deviceId").asText())
        .containsExactly("lt-lid");
    assertThat(api.get("/api/v1/incidents?state=open")).isEmpty();
    JsonNode sla = api.get("/api/v1/devices/lt-lid/sla?from=2026-11-18T00:00:00Z&to=2026-11-19T12:30:00Z");
    assertThat(sla.get("failures").asLong()).isZero();
    assertThat(sla.get("downSeconds").asLong()).isZero();
    assertThat(metrics()).contains("uptally_device_state{class=\"laptop\",client=\"acme\",device=\"lt-lid\","
        + "state=\"asleep\"} 1", "uptally_device_state_since_timestamp_seconds{class=\"laptop\",client=\"acme\","
        + "device=\"lt-lid\"} " + suspendAt / 1000).doesNotContain("uptally_device_down_cause{cause=\"silent\","
        + "class=\"laptop\",client=\"acme\",device=\"lt-lid\"}");

    long wokeAt = at("2026-11-19T08:00");
    lt.wake(wokeAt, 30_000);
    sendNow(token, lt, wokeAt + 31_000);
    assertThat(api.get("/api/v1/devices/lt-lid").get("state").asText()).isEqualTo("up");
    assertThat(api.get("/api/v1/devices/lt-lid/timeline?from=2026-11-18T21:00:00Z&to=2026-11-19T14:00:00Z"))
        .filteredOn(e -> !e.get("state").asText().equals("up"))
        .extracting(e -> e.get("start").asText(), e -> e.get("end").asText(), e -> e.get("state").asText())
        .containsExactly(tuple(Instant.ofEpochMilli(suspendAt).toString(), Instant.ofEpochMilli(wokeAt).toString(),
            "asleep"));
    passTo("2026-11-19T08:10");
    assertThat(api.get("/api/v1/incidents")).isEmpty();
  }

  @Test
  void aNewBootAfterAnAnnouncedSleepIsAnOrderlyShutdownNotAFailure() throws Exception {
    DeviceScript lt = device("lt-off", "laptop", at("2026-11-18T09:00")).beatUpTo(at("2026-11-18T17:00"));
    String token = laptopWorkedUntilFive(lt);
    long suspendAt = at("2026-11-18T17:00") + 20_000;
    lt.suspend(20_000);
    sendNow(token, lt, suspendAt + 1_000);
    passTo("2026-11-19T07:30");

    long boot = at("2026-11-19T08:00"); // the battery ran out overnight; powered on in the morning
    lt.boot(boot, boot + 60_000);
    sendNow(token, lt, boot + 61_000);

    assertThat(api.get("/api/v1/devices/lt-off").get("state").asText()).isEqualTo("up");
    assertThat(api.get("/api/v1/devices/lt-off/timeline?from=2026-11-18T21:00:00Z&to=2026-11-19T14:00:00Z"))
        .filteredOn(e -> !e.get("state").asText().equals("up"))
        .extracting(e -> e.get("start").asText(), e -> e.get("end").asText(), e -> e.get("state").asText(),
            e -> e.get("cause").asText())
        .containsExactly(tuple(Instant.ofEpochMilli(suspendAt).toString(), Instant.ofEpochMilli(boot).toString(),
            "down", "shutdown"));
    JsonNode sla = api.get("/api/v1/devices/lt-off/sla?from=2026-11-18T00:00:00Z&to=2026-11-19T14:00:00Z");
    assertThat(sla.get("failures").asLong()).isZero();
    assertThat(sla.get("downSeconds").asLong()).isZero(); // laptops count crash and silent, not shutdown
    assertThat(api.get("/api/v1/incidents")).isEmpty();
  }

  @Test
  void withoutNoticeTheSameLaptopIsDownSilentSinceItsLastSampleAndOpensTheIncident() throws Exception {
    DeviceScript lt = device("lt-quiet", "laptop", at("2026-11-18T09:00")).beatUpTo(at("2026-11-18T17:00"));
    laptopWorkedUntilFive(lt);
    long last = lt.samples().get(lt.samples().size() - 1).time();

    passTo("2026-11-18T17:30");
    JsonNode view = api.get("/api/v1/devices/lt-quiet");
    assertThat(view.get("state").asText()).isEqualTo("down");
    assertThat(view.get("cause").asText()).isEqualTo("silent");
    assertThat(Instant.parse(view.get("since").asText()).toEpochMilli()).isEqualTo(last);
    assertThat(api.get("/api/v1/devices?state=down&cause=silent")).hasSize(1);
    assertThat(api.get("/api/v1/devices?cause=shutdown")).isEmpty();
    assertThat(api.get("/api/v1/incidents?state=open")).extracting(i -> i.get("rule").asText(),
        i -> i.get("priority").asText()).containsExactly(tuple("deviceDown", "P4"));
    assertThat(metrics()).contains("uptally_device_down_cause{cause=\"silent\",class=\"laptop\",client=\"acme\","
        + "device=\"lt-quiet\"} 1");
  }
}
