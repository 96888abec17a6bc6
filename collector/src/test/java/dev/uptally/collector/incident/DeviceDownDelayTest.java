package dev.uptally.collector.incident;

import static dev.uptally.collector.incident.IncidentDevices.device;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.config.collector.Contract;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A deviceDown rule with a delay and a calendar ({@code laptop: {priority: P4, after: 4h, calendar:
 * business-hours}}, MON-FRI 08:00-18:00 New York): the delay counts only business time, a laptop back before it
 * opens nothing, and one still silent opens the incident at the first evaluation after the delay has passed.
 */
class DeviceDownDelayTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");

  @TempDir
  Path dir;
  private MutableClock clock;
  private CollectorApp app;
  private ApiClient api;

  private static long at(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }

  private void start(Contract.DeviceDown laptopRule) {
    clock = new MutableClock(Instant.ofEpochMilli(at("2026-11-18T09:00")));
    app = new CollectorApp(ContractFixtures.config(NY, dir.resolve("uptally.db"), laptopRule), clock,
        HttpTimeouts.DEFAULTS, 2);
    api = new ApiClient(app.start());
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  /** A laptop heartbeating live on Wednesday 2026-11-18 from 09:00 to {@code lastLocal}. */
  private String laptopUntil(DeviceScript lt, String lastLocal) throws Exception {
    String token = api.enroll(lt, "America/New_York");
    api.send(token, lt.deviceId(), lt.between(clock.millis() - 1, clock.millis()), clock.millis());
    api.live(clock, token, lt, clock.millis(), at(lastLocal));
    app.contractEngine().awaitIdle();
    return token;
  }

  private void passTo(String local) {
    clock.set(Instant.ofEpochMilli(at(local)));
    app.fleet().tickAll(clock.millis()).join();
    app.contractEngine().evaluate(clock.millis());
    app.contractEngine().awaitIdle();
  }

  private JsonNode open() throws Exception {
    return api.get("/api/v1/incidents?state=open");
  }

  @Test
  void theDelayCountsOnlyBusinessHoursAndTheIncidentOpensOnceItHasPassed() throws Exception {
    start(new Contract.DeviceDown("P4", Duration.ofHours(4), "business-hours"));
    DeviceScript lt = device("lt-dark", "laptop", at("2026-11-18T09:00")).beatUpTo(at("2026-11-18T16:00"));
    laptopUntil(lt, "2026-11-18T16:00");

    passTo("2026-11-18T16:30"); // silent, and down/silent live — but the rule waits
    assertThat(api.get("/api/v1/devices/lt-dark").get("cause").asText()).isEqualTo("silent");
    assertThat(open()).isEmpty();
    passTo("2026-11-18T23:00"); // 2 business hours so far (16:00-18:00)
    assertThat(open()).isEmpty();
    passTo("2026-11-19T09:59"); // 3 h 59
    assertThat(open()).isEmpty();
    passTo("2026-11-19T10:00:15"); // 4 h of business time: the next evaluation opens it
    assertThat(open()).extracting(i -> i.get("rule").asText(), i -> i.get("priority").asText(),
        i -> i.get("deviceId").asText()).containsExactly(tuple("deviceDown", "P4", "lt-dark"));
  }

  @Test
  void aLaptopBackBeforeTheDelayOpensNothing() throws Exception {
    start(new Contract.DeviceDown("P4", Duration.ofHours(4), "business-hours"));
    DeviceScript lt = device("lt-home", "laptop", at("2026-11-18T09:00")).beatUpTo(at("2026-11-18T17:00"));
    String token = laptopUntil(lt, "2026-11-18T17:00");
    passTo("2026-11-19T07:00");
    passTo("2026-11-19T08:40");

    long boot = at("2026-11-19T08:45"); // switched off in the evening without the agent seeing it, on next morning
    lt.crashAndBoot(boot, boot + 60_000).beatUpTo(at("2026-11-19T13:00"));
    clock.set(Instant.ofEpochMilli(boot + 61_000));
    api.send(token, lt.deviceId(), lt.between(boot - 1, boot + 61_000), clock.millis());
    api.live(clock, token, lt, clock.millis(), at("2026-11-19T13:00"));
    passTo("2026-11-19T13:00");
    assertThat(api.get("/api/v1/devices/lt-home").get("state").asText()).isEqualTo("up");
    assertThat(api.get("/api/v1/incidents")).isEmpty();
  }

  @Test
  void withoutADelayABusinessHoursRuleWaitsForTheCalendarToOpen() throws Exception {
    start(new Contract.DeviceDown("P4", Duration.ZERO, "business-hours"));
    DeviceScript lt = device("lt-night", "laptop", at("2026-11-18T09:00")).beatUpTo(at("2026-11-18T17:50"));
    laptopUntil(lt, "2026-11-18T17:50");

    passTo("2026-11-18T18:30"); // silent since 17:50, declared after 18:05: outside business hours
    assertThat(open()).isEmpty();
    passTo("2026-11-19T07:59");
    assertThat(open()).isEmpty();
    passTo("2026-11-19T08:00");
    assertThat(open()).hasSize(1);
  }

  @Test
  void anImmediateRuleStillOpensAtTheSilence() throws Exception {
    start(Contract.DeviceDown.at("P4"));
    DeviceScript lt = device("lt-now", "laptop", at("2026-11-18T09:00")).beatUpTo(at("2026-11-18T20:00"));
    laptopUntil(lt, "2026-11-18T20:00");
    passTo("2026-11-18T20:30");
    assertThat(open()).hasSize(1);
  }
}
