package dev.uptally.collector.incident;

import static dev.uptally.collector.incident.IncidentDevices.device;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.protocol.ShutdownReason;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Patch windows {@code TUE 01:00-04:00} in the device's zone, on the Tuesday before and the Tuesday after each 2026
 * DST change of New York and Berlin, judged by a real collector fed over HTTP as time passes (6-hour steps of a
 * {@link MutableClock}). The client's zone is UTC, so the windows follow the zone the devices report. The expected
 * windows are written out in UTC by hand: EST = UTC−5, EDT = UTC−4, CET = UTC+1, CEST = UTC+2.
 */
class PatchWindowVerdictsTest {

  private static final long H = 3_600_000;
  private static final long STEP = 6 * H;

  static Stream<Arguments> dstChanges() {
    return Stream.of(
        // New York, spring forward 2026-03-08: Tue 03-03 is EST, Tue 03-10 is EDT.
        Arguments.of("America/New_York", LocalDate.of(2026, 3, 3),
            List.of("2026-03-03T06:00:00Z", "2026-03-03T09:00:00Z", "2026-03-10T05:00:00Z", "2026-03-10T08:00:00Z")),
        // New York, fall back 2026-11-01: Tue 10-27 is EDT, Tue 11-03 is EST.
        Arguments.of("America/New_York", LocalDate.of(2026, 10, 27),
            List.of("2026-10-27T05:00:00Z", "2026-10-27T08:00:00Z", "2026-11-03T06:00:00Z", "2026-11-03T09:00:00Z")),
        // Berlin, spring forward 2026-03-29: Tue 03-24 is CET, Tue 03-31 is CEST.
        Arguments.of("Europe/Berlin", LocalDate.of(2026, 3, 24),
            List.of("2026-03-24T00:00:00Z", "2026-03-24T03:00:00Z", "2026-03-30T23:00:00Z", "2026-03-31T02:00:00Z")),
        // Berlin, fall back 2026-10-25: Tue 10-20 is CEST, Tue 10-27 is CET.
        Arguments.of("Europe/Berlin", LocalDate.of(2026, 10, 20),
            List.of("2026-10-19T23:00:00Z", "2026-10-20T02:00:00Z", "2026-10-27T00:00:00Z", "2026-10-27T03:00:00Z")));
  }

  @ParameterizedTest(name = "{0} around {1}")
  @MethodSource("dstChanges")
  void nightlyShutdownAndSleepMissTheWindowWhileThirtyFiveMinutesOnlineComplies(String zoneId, LocalDate firstTuesday,
      List<String> expectedUtc, @TempDir Path dir) throws Exception {
    ZoneId zone = ZoneId.of(zoneId);
    LocalDate secondTuesday = firstTuesday.plusWeeks(1);
    long start = local(zone, firstTuesday.minusDays(1), 12, 0);
    long end = local(zone, secondTuesday.plusDays(1), 12, 0);

    DeviceScript off = device("ws-off", "workstation", start);
    DeviceScript sleeper = device("lt-sleeper", "laptop", start);
    DeviceScript brief = device("ws-brief", "workstation", start);
    DeviceScript on = device("ws-on", "workstation", start);
    for (LocalDate tuesday : List.of(firstTuesday, secondTuesday)) {
      LocalDate monday = tuesday.minusDays(1);
      off.beatUpTo(local(zone, monday, 23, 0)).shutdown(ShutdownReason.OS, 1_000)
          .boot(local(zone, tuesday, 7, 0), local(zone, tuesday, 7, 0) + 30_000);
      sleeper.beatUpTo(local(zone, monday, 22, 0)).sleepUntil(local(zone, tuesday, 7, 0), 30_000);
      // down from 23:00 to the boot at 03:25: up 35 of the window's 180 minutes
      brief.beatUpTo(local(zone, monday, 23, 0)).shutdown(ShutdownReason.OS, 1_000)
          .boot(local(zone, tuesday, 3, 25), local(zone, tuesday, 3, 25) + 30_000);
    }
    List<DeviceScript> devices = List.of(off, sleeper, brief, on);
    devices.forEach(d -> d.beatUpTo(end));

    MutableClock clock = new MutableClock(Instant.ofEpochMilli(start));
    try (CollectorApp app = new CollectorApp(ContractFixtures.config(ZoneOffset.UTC, dir.resolve("uptally.db")), clock,
        HttpTimeouts.DEFAULTS, 2)) {
      ApiClient api = new ApiClient(app.start());
      Map<DeviceScript, String> tokens = enroll(api, devices, zoneId, start);
      live(app, api, clock, tokens, start, end);

      JsonNode violations = api.get("/api/v1/violations?client=acme&party=customer&from="
          + Instant.ofEpochMilli(start) + "&to=" + Instant.ofEpochMilli(end));
      assertThat(violations).extracting(v -> v.get("deviceId").asText(), v -> v.get("type").asText(),
          v -> v.get("party").asText(), v -> v.get("cause").asText(), v -> v.get("start").asText(),
          v -> v.get("end").asText())
          .containsExactlyInAnyOrder(
              tuple("ws-off", "patch-window-missed", "customer", "shutdown", expectedUtc.get(0), expectedUtc.get(1)),
              tuple("lt-sleeper", "patch-window-missed", "customer", "asleep", expectedUtc.get(0), expectedUtc.get(1)),
              tuple("ws-off", "patch-window-missed", "customer", "shutdown", expectedUtc.get(2), expectedUtc.get(3)),
              tuple("lt-sleeper", "patch-window-missed", "customer", "asleep", expectedUtc.get(2), expectedUtc.get(3)));

      // the same misses, as Prometheus sees them: two per device that missed, no series for the compliant ones
      String scrape = api.getRaw("/metrics", ContractFixtures.VIEWER_TOKEN).body();
      assertThat(scrape).contains("uptally_patch_window_missed_total{client=\"acme\",device=\"ws-off\"} 2.0")
          .contains("uptally_patch_window_missed_total{client=\"acme\",device=\"lt-sleeper\"} 2.0")
          .doesNotContain("uptally_patch_window_missed_total{client=\"acme\",device=\"ws-brief\"}")
          .doesNotContain("uptally_patch_window_missed_total{client=\"acme\",device=\"ws-on\"}");
    }
  }

  @Test
  void aKeptWindowResolvesThePatchWindowMissedIncidentOfAnEarlierMiss(@TempDir Path dir) throws Exception {
    ZoneId ny = ZoneId.of("America/New_York");
    LocalDate firstTuesday = LocalDate.of(2026, 11, 10);
    long start = local(ny, firstTuesday.minusDays(1), 12, 0);
    long afterFirst = local(ny, firstTuesday, 12, 0);
    long end = local(ny, firstTuesday.plusDays(8), 12, 0);
    DeviceScript ws = device("ws-once", "workstation", start)
        .beatUpTo(local(ny, firstTuesday.minusDays(1), 23, 0)).shutdown(ShutdownReason.OS, 1_000)
        .boot(local(ny, firstTuesday, 7, 0), local(ny, firstTuesday, 7, 0) + 30_000)
        .beatUpTo(end);
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(start));
    try (CollectorApp app = new CollectorApp(ContractFixtures.config(ny, dir.resolve("uptally.db")), clock,
        HttpTimeouts.DEFAULTS, 2)) {
      ApiClient api = new ApiClient(app.start());
      Map<DeviceScript, String> tokens = enroll(api, List.of(ws), "America/New_York", start);
      live(app, api, clock, tokens, start, afterFirst);
      assertThat(api.get("/api/v1/incidents?state=open")).filteredOn(i -> !i.get("rule").asText().equals("deviceDown"))
          .extracting(i -> i.get("rule").asText(), i -> i.get("priority").asText())
          .containsExactly(tuple("patchWindowMissed", "P4"));

      live(app, api, clock, tokens, afterFirst, end);
      // (6-hour steps make the collector hear nothing for hours: deviceDown incidents come and go, not looked at here)
      assertThat(api.get("/api/v1/incidents")).filteredOn(i -> i.get("rule").asText().equals("patchWindowMissed"))
          .extracting(i -> i.get("state").asText(), i -> i.get("resolution").asText())
          .containsExactly(tuple("resolved", "auto"));
      assertThat(api.get("/api/v1/violations?party=customer&from=" + Instant.ofEpochMilli(start) + "&to="
          + Instant.ofEpochMilli(end))).extracting(v -> v.get("start").asText())
          .containsExactly("2026-11-10T06:00:00Z");
      // nobody acknowledged the P4 opened Tuesday 06:00: 24 business hours from Tuesday 08:00 end Thursday 12:00
      assertThat(api.get("/api/v1/violations?party=msp&from=" + Instant.ofEpochMilli(start) + "&to="
          + Instant.ofEpochMilli(end))).extracting(v -> v.get("type").asText(), v -> v.get("end").asText())
          .containsExactly(tuple("response-breach", "2026-11-12T17:00:00Z"));
    }
  }

  private static Map<DeviceScript, String> enroll(ApiClient api, List<DeviceScript> devices, String zoneId,
      long start) throws Exception {
    Map<DeviceScript, String> tokens = new LinkedHashMap<>();
    for (DeviceScript d : devices) {
      tokens.put(d, api.enroll(d, zoneId));
      api.send(tokens.get(d), d.deviceId(), d.between(start - 1, start), start);
    }
    return tokens;
  }

  /** Time passes in 6-hour steps: each step's samples arrive at its end, then the periodic evaluation runs. */
  private static void live(CollectorApp app, ApiClient api, MutableClock clock, Map<DeviceScript, String> tokens,
      long from, long to) throws Exception {
    for (long now = from + STEP; now <= to; now += STEP) {
      clock.set(Instant.ofEpochMilli(now));
      for (Map.Entry<DeviceScript, String> e : tokens.entrySet()) {
        var slice = e.getKey().between(now - STEP, now);
        if (!slice.isEmpty()) {
          api.send(e.getValue(), e.getKey().deviceId(), slice, now);
        }
      }
      app.contractEngine().evaluate(now);
      app.contractEngine().awaitIdle();
    }
  }

  private static long local(ZoneId zone, LocalDate date, int hour, int minute) {
    return LocalDateTime.of(date, java.time.LocalTime.of(hour, minute)).atZone(zone).toInstant().toEpochMilli();
  }
}
