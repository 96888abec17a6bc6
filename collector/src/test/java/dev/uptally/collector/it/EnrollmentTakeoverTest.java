package dev.uptally.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.sla.TestConfigs;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.Sample;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over HTTP, the way an attacker holding a client's enrollment token would try it (the token is on every endpoint):
 * re-enrolling an enrolled device id without proof is a 409 and the device keeps reporting with its token; its agent,
 * whose token was revoked, proves itself with its current token or its hardware; an operator can release a device
 * whose machine was reinstalled, a viewer cannot.
 */
class EnrollmentTakeoverTest {

  private static final long NOW = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
  private static final String ENROLL = "acme-enroll-token-0123456789";

  @Test
  void anEnrolledDeviceCannotBeTakenOverWithTheEnrollmentTokenAlone(@TempDir Path dir) throws Exception {
    try (CollectorApp app = new CollectorApp(TestConfigs.standard(ZoneId.of("America/New_York"), dir.resolve("u.db")),
        new MutableClock(Instant.ofEpochMilli(NOW)), HttpTimeouts.DEFAULTS, 2)) {
      CollectorClient viewer = new CollectorClient(app.start(), "viewer-token-0123456789");
      CollectorClient operator = new CollectorClient(app.address(), "noc-token-0123456789");
      String token = viewer.enroll(ENROLL, "acme-1", "server", "America/New_York");

      HttpResponse<String> takeover = viewer.post("/v1/enroll", ENROLL,
          new EnrollRequest("acme-1", "evil", "server", null, "1", null, null));
      assertThat(takeover.statusCode()).isEqualTo(409);
      assertThat(Json.mapper().readTree(takeover.body()).get("error").asString())
          .contains("acme-1", "does not prove it is that device");
      assertThat(viewer.send(token, "acme-1", List.of(Sample.heartbeat(0, NOW, NOW - 60_000, null)), NOW).ackedSeq())
          .as("the device still reports with its token").isZero();

      HttpResponse<String> byToken = viewer.post("/v1/enroll", ENROLL,
          new EnrollRequest("acme-1", "acme-1", "server", null, "1", null, null, token));
      assertThat(byToken.statusCode()).isEqualTo(200);
      String rotated = Json.mapper().readValue(byToken.body(), EnrollResponse.class).deviceToken();

      assertThat(viewer.post("/api/v1/devices/acme-1/release", "viewer-token-0123456789", null).statusCode())
          .as("releasing is an operator's action").isEqualTo(403);
      assertThat(operator.post("/api/v1/devices/nosuch/release", "noc-token-0123456789", null).statusCode())
          .isEqualTo(404);
      HttpResponse<String> released = operator.post("/api/v1/devices/acme-1/release", "noc-token-0123456789", null);
      assertThat(released.statusCode()).isEqualTo(200);
      assertThat(Json.mapper().readTree(released.body()).get("deviceId").asString()).isEqualTo("acme-1");
      assertThat(viewer.post("/v1/enroll", ENROLL, new EnrollRequest("acme-1", "acme-1-new", "server", null, "1",
          null, null)).statusCode()).as("the reinstalled machine enrolls once").isEqualTo(200);
      assertThat(viewer.post("/v1/heartbeats", rotated, new dev.uptally.common.protocol.HeartbeatBatch("acme-1", NOW,
          List.of(Sample.heartbeat(1, NOW, NOW - 60_000, null)))).statusCode())
          .as("the token before the release stops working").isEqualTo(401);
    }
  }
}
