package dev.uptally.collector.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.Inventory;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Hardware changes and non-repairable lifetimes through the API of a real collector: three laptops of one model, one
 * retired as failed, one replaced, one in service whose drive was swapped. The expected figures are worked out here
 * from the scripted times, the χ² quantile from its closed form ({@code lifecycle.ChiSquaredOracle}'s formula, restated).
 */
class HardwareLifetimesTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final long MIN = 60_000;

  @TempDir
  Path dir;
  private MutableClock clock;
  private CollectorApp app;
  private ApiClient api;

  private static long at(String local) {
    return LocalDateTime.parse(local).atZone(NY).toInstant().toEpochMilli();
  }

  private static Inventory t14(String driveModel, String driveSerial) {
    return new Inventory(new Inventory.Os("windows", "11", "22631"),
        new Inventory.Hardware("Lenovo", "ThinkPad T14", "PF-" + driveSerial, null), null, 16L << 30,
        List.of(new Inventory.Drive(driveModel, driveSerial, 512L << 30)), List.of());
  }

  private static DeviceScript laptop(String id, String firstLocal, Inventory inv) {
    long first = at(firstLocal);
    return DeviceScript.device(id, "laptop").everyMillis(IncidentDevices.INTERVAL).health(IncidentDevices.HEALTHY)
        .inventory(inv).start(first - MIN, first);
  }

  @BeforeEach
  void start() {
    clock = new MutableClock(Instant.ofEpochMilli(at("2026-11-10T12:00")));
    app = new CollectorApp(ContractFixtures.config(NY, dir.resolve("uptally.db")), clock, HttpTimeouts.DEFAULTS, 2);
    api = new ApiClient(app.start());
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private void replay(DeviceScript d) throws Exception {
    String token = api.enroll(d, "America/New_York");
    api.send(token, d.deviceId(), d.samples(), clock.millis());
    app.contractEngine().awaitIdle();
  }

  private JsonNode group(String path, String name) throws Exception {
    for (JsonNode row : api.get(path)) {
      if (row.get("group").asText().equals(name)) {
        return row;
      }
    }
    throw new AssertionError("no group '" + name + "' in " + api.get(path));
  }

  /** {@code 2U / χ²(0.90; 2f + 2)}, the quantile by bisection on the closed-form CDF. */
  private static double lowerBound(double unitSeconds, int failures) {
    int dof = 2 * failures + 2;
    double lo = 0;
    double hi = 64;
    for (int i = 0; i < 200; i++) {
      double x = (lo + hi) / 2;
      double term = 1;
      double sum = 1;
      for (int j = 1; j < dof / 2; j++) {
        term *= (x / 2) / j;
        sum += term;
      }
      if (1 - Math.exp(-x / 2) * sum < 0.90) {
        lo = x;
      } else {
        hi = x;
      }
    }
    return 2 * unitSeconds / ((lo + hi) / 2);
  }

  @Test
  void lifetimesPerModelAndDriveModelCountFailuresAndCensoredUnitsAndFollowACorrection() throws Exception {
    DeviceScript lt1 = laptop("lt-1", "2026-11-02T08:00", t14("Samsung PM9A1", "S1")).beatUpTo(at("2026-11-06T18:00"));
    DeviceScript lt2 = laptop("lt-2", "2026-11-03T08:00", t14("Samsung PM9A1", "S2")).beatUpTo(at("2026-11-07T12:00"));
    long swap = at("2026-11-05T10:00");
    DeviceScript lt3 = laptop("lt-3", "2026-11-04T08:00", t14("Samsung PM9A1", "S3")).beatUpTo(at("2026-11-05T08:00"))
        .repairedAndBooted(swap - MIN, swap, t14("WD SN740", "S4")).beatUpTo(at("2026-11-10T12:00"));
    replay(lt1);
    replay(lt2);
    replay(lt3);

    // the swap, read from two inventories
    JsonNode changes = api.get("/api/v1/devices/lt-3/hardware-changes");
    assertThat(changes).hasSize(2); // the board serial in this script follows the drive: a board change too
    JsonNode driveSwap = null;
    for (JsonNode c : changes) {
      if (c.get("kind").asText().equals("drive-replaced")) {
        driveSwap = c;
      }
    }
    assertThat(driveSwap).isNotNull();
    assertThat(driveSwap.get("at").asText()).isEqualTo(Instant.ofEpochMilli(swap).toString());
    assertThat(driveSwap.get("removed").get("serial").asText()).isEqualTo("S3");
    assertThat(driveSwap.get("added").get("model").asText()).isEqualTo("WD SN740");
    assertThat(driveSwap.get("failure").asBoolean()).isTrue();
    assertThat(api.get("/api/v1/devices/lt-1/hardware-changes")).isEmpty();

    long retired1 = at("2026-11-06T18:00");
    long retired2 = at("2026-11-07T12:00");
    assertThat(api.post("/api/v1/devices/lt-1/retire", ContractFixtures.OPERATOR_TOKEN, "{\"reason\":\"failed\",\"at\":\""
        + Instant.ofEpochMilli(retired1) + "\"}").statusCode()).isEqualTo(200);
    assertThat(api.post("/api/v1/devices/lt-2/retire", ContractFixtures.OPERATOR_TOKEN, "{\"reason\":\"replaced\","
        + "\"at\":\"" + Instant.ofEpochMilli(retired2) + "\"}").statusCode()).isEqualTo(200);
    app.contractEngine().awaitIdle();
    long now = clock.millis();

    // devices: each lives from its timeline's start (the boot before its first sample) to its retirement or now
    double deviceSeconds = ((retired1 - (at("2026-11-02T08:00") - MIN)) + (retired2 - (at("2026-11-03T08:00") - MIN))
        + (now - (at("2026-11-04T08:00") - MIN))) / 1000.0;
    JsonNode model = group("/api/v1/lifetimes?groupBy=model", "Lenovo ThinkPad T14");
    assertThat(model.get("units").asInt()).isEqualTo(3);
    assertThat(model.get("failures").asInt()).isEqualTo(1);
    assertThat(model.get("censored").asInt()).isEqualTo(2);
    assertThat(model.get("unitSeconds").asLong()).isEqualTo((long) Math.floor(deviceSeconds));
    assertThat(model.get("mttfSeconds").asDouble()).isCloseTo(deviceSeconds, Percentage.withPercentage(1e-7));
    assertThat(model.get("mttfLowerSeconds").asDouble()).isCloseTo(lowerBound(deviceSeconds, 1),
        Percentage.withPercentage(1e-7));
    assertThat(api.get("/api/v1/lifetimes?groupBy=model&client=acme")).isEqualTo(api.get("/api/v1/lifetimes"));

    // drives: from the first inventory listing the serial to the change that removed it, or censored
    double pm9a1 = ((retired1 - at("2026-11-02T08:00")) + (retired2 - at("2026-11-03T08:00"))
        + (swap - at("2026-11-04T08:00"))) / 1000.0;
    JsonNode drive = group("/api/v1/lifetimes?groupBy=driveModel", "Samsung PM9A1");
    assertThat(drive.get("units").asInt()).isEqualTo(3);
    assertThat(drive.get("failures").asInt()).isEqualTo(1);
    assertThat(drive.get("mttfSeconds").asDouble()).isCloseTo(pm9a1, Percentage.withPercentage(1e-7));
    JsonNode fresh = group("/api/v1/lifetimes?groupBy=driveModel", "WD SN740");
    assertThat(fresh.get("units").asInt()).isEqualTo(1);
    assertThat(fresh.get("failures").asInt()).isZero();
    assertThat(fresh.get("mttfSeconds").isNull()).isTrue();
    assertThat(fresh.get("unitSeconds").asLong()).isEqualTo((now - swap) / 1000);
    assertThat(fresh.get("mttfLowerSeconds").asDouble()).isCloseTo(lowerBound((now - swap) / 1000.0, 0),
        within(1e-6));

    // an upgrade, not a failure: corrected, and the lifetimes follow
    HttpResponse<String> corrected = api.post("/api/v1/devices/lt-3/hardware-changes/" + driveSwap.get("id").asText(),
        ContractFixtures.OPERATOR_TOKEN, "{\"failure\":false,\"note\":\"upgrade to 1 TB\"}");
    assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);
    assertThat(Json.mapper().readTree(corrected.body()).get("failure").asBoolean()).isFalse();
    assertThat(api.get("/api/v1/devices/lt-3/hardware-changes").toString()).contains("upgrade to 1 TB");
    JsonNode audited = Json.mapper().readTree(api.getRaw("/api/v1/audit?action=hardware-change.correct",
        ContractFixtures.ADMIN_TOKEN).body());
    String changeId = driveSwap.get("id").asText();
    assertThat(audited).singleElement().satisfies(row -> {
      assertThat(row.get("tokenName").asText()).isEqualTo("noc");
      assertThat(row.get("target").asText()).isEqualTo("lt-3/" + changeId);
      assertThat(row.get("detail").asText()).isEqualTo("no failure, note of 15 characters");
    });
    JsonNode after = group("/api/v1/lifetimes?groupBy=driveModel", "Samsung PM9A1");
    assertThat(after.get("failures").asInt()).isZero();
    assertThat(after.get("mttfSeconds").isNull()).isTrue();
    assertThat(after.get("mttfLowerSeconds").asDouble()).isCloseTo(lowerBound(pm9a1, 0), Percentage.withPercentage(1e-7));
  }

  @Test
  void theMonthlyReportCountsTheMonthsReplacementsAndExplainsTheLifetimesItShows() throws Exception {
    long swap = at("2026-11-05T10:00");
    replay(laptop("lt-1", "2026-10-20T08:00", t14("Samsung PM9A1", "S1")).beatUpTo(at("2026-11-06T18:00")));
    replay(laptop("lt-3", "2026-11-04T08:00", t14("Samsung PM9A1", "S3")).beatUpTo(at("2026-11-05T08:00"))
        .repairedAndBooted(swap - MIN, swap, t14("WD SN740", "S4")).beatUpTo(at("2026-11-10T12:00")));
    assertThat(api.post("/api/v1/devices/lt-1/retire", ContractFixtures.OPERATOR_TOKEN, "{\"reason\":\"failed\",\"at\":\""
        + Instant.ofEpochMilli(at("2026-11-06T18:00")) + "\"}").statusCode()).isEqualTo(200);
    app.contractEngine().awaitIdle();

    JsonNode november = report("2026-11", "json");
    JsonNode hardware = november.get("hardware");
    assertThat(hardware.get("changes")).hasSize(2);
    JsonNode drive = hardware.get("changes").get(0).get("kind").asText().equals("drive-replaced")
        ? hardware.get("changes").get(0) : hardware.get("changes").get(1);
    assertThat(drive.get("hostname").asText()).isEqualTo("host-lt-3");
    assertThat(drive.get("at").asText()).isEqualTo(Instant.ofEpochMilli(swap).toString());
    assertThat(drive.get("removed").asText()).isEqualTo("Samsung PM9A1 (S3)");
    assertThat(drive.get("added").asText()).isEqualTo("WD SN740 (S4)");
    // the report's lifetimes are the API's for the client, seen at the same instant (the month is not over)
    JsonNode model = hardware.get("models").get(0);
    JsonNode api = group("/api/v1/lifetimes?groupBy=model&client=acme", "Lenovo ThinkPad T14");
    for (String field : List.of("group", "units", "failures", "censored", "unitSeconds", "mttfSeconds",
        "mttfLowerSeconds")) {
      assertThat(model.get(field)).as(field).isEqualTo(api.get(field));
    }
    assertThat(model.get("units").asInt()).isEqualTo(2);
    assertThat(model.get("failures").asInt()).isEqualTo(1);
    assertThat(hardware.get("drives")).hasSize(2);
    assertThat(hardware.get("explanation").asText())
        .contains("MTTF (mean time to failure)", "2 machines with 1 failure", "3 drives with 1 failure");

    String html = reportText("2026-11", "html");
    assertThat(html).contains("Hardware replaced this month: <strong>2</strong> parts", "host-lt-3",
        "Samsung PM9A1 (S3)", "How long parts last", "drive WD SN740", "no failures yet");
    assertThat(reportText("2026-11", "csv")).contains("# hardwareChanges\r\n", "# lifetimes\r\n",
        "\r\nmodel,Lenovo ThinkPad T14,2,1,1,");

    // October: no change in the month; lifetimes as observed at its end (lt-1 in service then, lt-3 not yet seen)
    JsonNode october = report("2026-10", "json").get("hardware");
    assertThat(october.get("changes")).isEmpty();
    assertThat(october.get("models")).hasSize(1);
    JsonNode oct = october.get("models").get(0);
    assertThat(oct.get("units").asInt()).isEqualTo(1);
    assertThat(oct.get("failures").asInt()).isZero();
    long octEnd = LocalDateTime.parse("2026-11-01T00:00").atZone(NY).toInstant().toEpochMilli();
    assertThat(oct.get("unitSeconds").asLong()).isEqualTo((octEnd - (at("2026-10-20T08:00") - MIN)) / 1000);
    assertThat(reportText("2026-10", "html")).contains("Hardware replaced this month: <strong>0</strong> parts.");
  }

  private String reportText(String month, String format) throws Exception {
    HttpResponse<String> r = api.getRaw("/api/v1/clients/acme/report?month=" + month + "&format=" + format,
        ContractFixtures.VIEWER_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private JsonNode report(String month, String format) throws Exception {
    return Json.mapper().readTree(reportText(month, format));
  }

  @Test
  void badLifecycleRequestsAreRefused() throws Exception {
    replay(laptop("lt-1", "2026-11-02T08:00", t14("Samsung PM9A1", "S1")).beatUpTo(at("2026-11-02T18:00")));
    assertThat(api.getRaw("/api/v1/lifetimes?groupBy=color", ContractFixtures.VIEWER_TOKEN).body())
        .contains("'groupBy'", "model or driveModel");
    assertThat(api.getRaw("/api/v1/lifetimes?client=nosuch", ContractFixtures.VIEWER_TOKEN).statusCode())
        .isEqualTo(404);
    assertThat(api.getRaw("/api/v1/devices/nosuch/hardware-changes", ContractFixtures.VIEWER_TOKEN).statusCode())
        .isEqualTo(404);
    assertThat(api.post("/api/v1/devices/lt-1/hardware-changes/abc", ContractFixtures.OPERATOR_TOKEN,
        "{\"failure\":false}").statusCode()).isEqualTo(404);
    assertThat(api.post("/api/v1/devices/lt-1/hardware-changes/abc", ContractFixtures.OPERATOR_TOKEN, "{}").body())
        .contains("'failure' is required");
    assertThat(api.post("/api/v1/devices/lt-1/hardware-changes/abc", ContractFixtures.VIEWER_TOKEN,
        "{\"failure\":false}").statusCode()).isEqualTo(403);
  }
}
