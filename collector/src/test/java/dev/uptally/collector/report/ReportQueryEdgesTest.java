package dev.uptally.collector.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.sla.TestConfigs;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code month} values that parse as a year-month but lie outside what the collector can compute: 400, not 500. */
class ReportQueryEdgesTest {

  private static final String VIEWER = "viewer-token-0123456789";

  @Test
  void aMonthBeyondTheEpochMillisecondRangeIs400NamingTheParameter(@TempDir Path dir) throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    try (CollectorApp app = new CollectorApp(TestConfigs.standard(ZoneId.of("America/New_York"),
        dir.resolve("uptally.db")), clock, HttpTimeouts.DEFAULTS, 2)) {
      Loopback http = new Loopback(app.start());
      // '+' in a query string is a space, so the sign is sent percent-encoded
      for (String month : List.of("%2B999999999-12", "-999999999-01", "%2B292278994-09", "-292275055-05")) {
        HttpResponse<byte[]> r = http.get("/api/v1/clients/acme/report?month=" + month, VIEWER);
        assertThat(r.statusCode()).as(month + ": " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(400);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("'month'");
      }
      assertThat(http.get("/api/v1/clients/acme/report?month=2026-10", VIEWER).statusCode()).isEqualTo(200);
    }
  }
}
