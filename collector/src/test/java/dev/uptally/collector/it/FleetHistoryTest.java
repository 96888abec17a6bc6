package dev.uptally.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.sla.TestConfigs;
import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.ShutdownReason;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A week of fleet history sent over HTTP to a real collector on loopback; every figure of {@code /sla} is compared
 * with a truth computed here, by hand, from the design's definitions (not from the collector's code).
 *
 * <p>Window: Monday 2026-11-02 00:00 to Monday 2026-11-09 00:00 America/New_York (168 h, after the DST change).
 * Contract "standard": servers 24x7 counting crash, shutdown and silent, maintenance SUN 02:00-04:00 (2 h in the
 * window); workstations and laptops on business hours MON-FRI 08:00-18:00 (50 h in the window).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetHistoryTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final long S = 1000;
  private static final long MIN = 60 * S;
  private static final long H = 60 * MIN;
  private static final long FROM = at("2026-11-02T00:00");
  private static final long TO = at("2026-11-09T00:00");
  /** "Now" is one minute after the window: devices that report every 30 s are up, the silent one is down. */
  private static final long NOW = TO + MIN;
  private static final long WEEK = 168 * H;
  private static final long SERVER_MEASURED = WEEK - 2 * H;
  private static final long BUSINESS = 50 * H;
  private static final long INTERVAL = 30 * S;
  private static final Health HEALTH = new Health(new Health.Cpu(0.25, 0.5, 51.0),
      new Health.Memory(16L << 30, 8L << 30, 2L << 30, 0L), List.of(new Health.Disk("/", 500L << 30, 200L << 30)),
      null, List.of(), false);

  private CollectorApp app;
  private CollectorClient client;
  private final List<Sample> crashyFirstBatch = new ArrayList<>();
  private String crashyToken;

  private static long at(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }

  @BeforeAll
  void sendTheWeek(@TempDir Path dir) throws Exception {
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(NOW));
    app = new CollectorApp(TestConfigs.standard(NY, dir.resolve("uptally.db")), clock, HttpTimeouts.DEFAULTS, 2);
    client = new CollectorClient(app.start(), "viewer-token-0123456789");

    DeviceScript crashy = start("srv-crashy", "server", 0)
        .beatUntil(at("2026-11-03T10:00")).crashAndBoot(at("2026-11-03T10:20"), at("2026-11-03T10:20:30"))
        .beatUntil(at("2026-11-05T15:00")).crashAndBoot(at("2026-11-05T15:45"), at("2026-11-05T15:45:30"))
        .beatUntil(TO);
    DeviceScript shutdown = start("srv-shutdown", "server", 0)
        .beatUntil(at("2026-11-04T12:00")).shutdown(ShutdownReason.OS, INTERVAL)
        .boot(at("2026-11-04T12:30"), at("2026-11-04T12:30:30")).beatUntil(TO);
    DeviceScript maint = start("srv-maint", "server", 0)
        .beatUntil(at("2026-11-08T02:30")).crashAndBoot(at("2026-11-08T03:10"), at("2026-11-08T03:10:30"))
        .beatUntil(TO);
    DeviceScript gap = start("ws-agentgap", "workstation", 0)
        .beatUntil(at("2026-11-04T09:00")).shutdown(ShutdownReason.AGENT, INTERVAL)
        .agentRestart(at("2026-11-04T12:00:30")).beatUntil(TO);
    DeviceScript sleeper = start("lt-sleeper", "laptop", 0);
    for (int day = 2; day <= 7; day++) {
      sleeper.beatUntil(at(String.format("2026-11-%02dT22:00", day)))
          .sleepUntil(at(String.format("2026-11-%02dT07:00", day + 1)), INTERVAL);
    }
    sleeper.beatUntil(TO);
    DeviceScript silent = start("srv-silent", "server", 0).beatUntil(at("2026-11-06T06:00"));
    DeviceScript skewed = start("srv-skewed", "server", 10 * MIN)
        .beatUntil(at("2026-11-03T10:00")).crashAndBoot(at("2026-11-03T10:20"), at("2026-11-03T10:20:30"))
        .beatUntil(TO);

    for (DeviceScript h : List.of(crashy, shutdown, maint, gap, sleeper, silent, skewed)) {
      String token =
          client.enroll("acme-enroll-token-0123456789", h.deviceId(), h.deviceClass(), "America/New_York");
      client.send(token, h.deviceId(), h.samples(), NOW + h.skewMillis());
      if (h == crashy) {
        crashyToken = token;
        crashyFirstBatch.addAll(h.samples().subList(0, 1000));
      }
    }
  }

  /**
   * A device booted an hour before the window, its agent reporting every 30 s from the window's start (a shutdown
   * or resume sample comes at the next grid point); its clock runs {@code skew} ahead.
   */
  private static DeviceScript start(String id, String cls, long skew) {
    return DeviceScript.device(id, cls).everyMillis(INTERVAL).health(HEALTH).clockSkewMillis(skew)
        .start(FROM - H, FROM);
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private CollectorClient.Sla sla(String device) throws Exception {
    JsonNode n = client.get("/api/v1/devices/" + device + "/sla?from=" + Instant.ofEpochMilli(FROM) + "&to="
        + Instant.ofEpochMilli(TO));
    return Json.mapper().treeToValue(n, CollectorClient.Sla.class);
  }

  private static double ratio(long measured, long down) {
    return (double) (measured - down) / measured;
  }

  @Test
  void twoCrashesAreDowntimeAndFailures() throws Exception {
    long down = 20 * MIN + 45 * MIN;
    CollectorClient.Sla s = sla("srv-crashy");
    assertThat(s.measuredSeconds()).isEqualTo(SERVER_MEASURED / S);
    assertThat(s.downSeconds()).isEqualTo(down / S);
    assertThat(s.failures()).isEqualTo(2);
    assertThat(s.uptimeSeconds()).isEqualTo((WEEK - down) / S);
    assertThat(s.availability()).isCloseTo(ratio(SERVER_MEASURED, down), within(1e-12));
    assertThat(s.mttfSeconds()).isEqualTo((WEEK - down) / S / 2.0);
    assertThat(s.mttrSeconds()).isEqualTo(down / S / 2.0);
    assertThat(s.mtbfSeconds()).isEqualTo(WEEK / S / 2.0);
    // χ²(0.90; 6) = 10.6446
    assertThat(s.mtbfLowerSeconds()).isCloseTo(2.0 * WEEK / S / 10.644640675668422, within(1e-3));
  }

  @Test
  void orderlyShutdownOfAServerIsDowntimeButNotAFailure() throws Exception {
    long down = 29 * MIN + 30 * S; // from the shutdown event at 12:00:30 to the boot at 12:30
    CollectorClient.Sla s = sla("srv-shutdown");
    assertThat(s.downSeconds()).isEqualTo(down / S);
    assertThat(s.failures()).isZero();
    assertThat(s.mtbfSeconds()).isNull();
    assertThat(s.availability()).isCloseTo(ratio(SERVER_MEASURED, down), within(1e-12));
    // no failure: the lower bound is total time / ln 10 (χ² with 2 degrees of freedom)
    assertThat(s.mtbfLowerSeconds()).isCloseTo((WEEK - down) / S / Math.log(10), within(1e-3));
  }

  @Test
  void crashInsideMaintenanceWindowIsPlanned() throws Exception {
    CollectorClient.Sla s = sla("srv-maint");
    assertThat(s.downSeconds()).isZero();
    assertThat(s.failures()).isZero();
    assertThat(s.availability()).isEqualTo(1.0);
    assertThat(s.uptimeSeconds()).isEqualTo((WEEK - 40 * MIN) / S);
    JsonNode outages = client.get("/api/v1/devices/srv-maint/sla?from=" + Instant.ofEpochMilli(FROM) + "&to="
        + Instant.ofEpochMilli(TO)).get("outages");
    assertThat(outages).hasSize(1);
    assertThat(outages.get(0).get("planned").asBoolean()).isTrue();
  }

  @Test
  void threeHourAgentGapOnTheSameBootIsUnknownAndExcluded() throws Exception {
    CollectorClient.Sla s = sla("ws-agentgap");
    assertThat(s.measuredSeconds()).isEqualTo((BUSINESS - 3 * H) / S);
    assertThat(s.downSeconds()).isZero();
    assertThat(s.availability()).isEqualTo(1.0);
    JsonNode timeline = client.get("/api/v1/devices/ws-agentgap/timeline?from=" + Instant.ofEpochMilli(FROM) + "&to="
        + Instant.ofEpochMilli(TO));
    assertThat(timeline.findValuesAsString("state")).containsExactly("up", "unknown", "up");
  }

  @Test
  void nightlySleepIsNeitherDownNorMeasuredAgainstTheLaptop() throws Exception {
    CollectorClient.Sla s = sla("lt-sleeper");
    assertThat(s.measuredSeconds()).isEqualTo(BUSINESS / S);
    assertThat(s.downSeconds()).isZero();
    assertThat(s.uptimeSeconds()).isEqualTo((WEEK - 6 * (9 * H - 10 * S)) / S);
    JsonNode timeline = client.get("/api/v1/devices/lt-sleeper/timeline?from=" + Instant.ofEpochMilli(FROM) + "&to="
        + Instant.ofEpochMilli(TO));
    assertThat(timeline.findValuesAsString("state").stream().filter("asleep"::equals)).hasSize(6);
  }

  @Test
  void deviceSilentUntilNowIsDownWithAnOpenCountedOutage() throws Exception {
    long down = (TO - at("2026-11-06T06:00")) - 2 * H; // Sunday's maintenance is not measured
    CollectorClient.Sla s = sla("srv-silent");
    assertThat(s.downSeconds()).isEqualTo(down / S);
    assertThat(s.failures()).isEqualTo(1);
    assertThat(s.measuredSeconds()).isEqualTo(SERVER_MEASURED / S);
    assertThat(s.mttrSeconds()).isEqualTo((double) ((TO - at("2026-11-06T06:00")) / S));
    assertThat(client.get("/api/v1/devices/srv-silent").get("state").asString()).isEqualTo("down");
    JsonNode downNow = client.get("/api/v1/devices?state=down");
    assertThat(downNow.findValuesAsString("deviceId")).containsExactly("srv-silent");
  }

  @Test
  void deviceClockTenMinutesAheadIsCorrected() throws Exception {
    CollectorClient.Sla s = sla("srv-skewed");
    assertThat(s.downSeconds()).isEqualTo(20 * MIN / S);
    assertThat(s.failures()).isEqualTo(1);
    assertThat(s.uptimeSeconds()).isEqualTo((WEEK - 20 * MIN) / S);
    assertThat(client.get("/api/v1/devices/srv-skewed").get("lastHeartbeat").asString())
        .isEqualTo(Instant.ofEpochMilli(TO).toString());
  }

  @Test
  void replayedBatchChangesNothing() throws Exception {
    CollectorClient.Sla before = sla("srv-crashy");
    HeartbeatAck ack = client.send(crashyToken, "srv-crashy", crashyFirstBatch, NOW);
    assertThat(ack.ackedSeq()).isGreaterThanOrEqualTo(999);
    assertThat(sla("srv-crashy")).isEqualTo(before);
  }

  @Test
  void everyOtherDeviceIsUpNow() throws Exception {
    JsonNode up = client.get("/api/v1/devices?state=up");
    assertThat(up.findValuesAsString("deviceId")).containsExactlyInAnyOrder("srv-crashy", "srv-shutdown", "srv-maint",
        "ws-agentgap", "lt-sleeper", "srv-skewed");
  }
}
