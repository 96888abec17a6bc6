package dev.uptally.collector.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.http.TestServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Window parameters at the edge of the epoch-millisecond range: every refusal is a 400 naming the parameter. */
class ApiWindowEdgesTest {

  private static final String[] VIEWER = {"Authorization", "Bearer " + TestServer.VIEWER_TOKEN};
  private final TestServer t = new TestServer();

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void aToSoEarlyThatTheDefaultFromFallsBeforeTheEpochMillisecondRangeIs400() {
    // the earliest instant of epoch milliseconds: 'to' itself is representable, the default 'from' 30 days before is not
    String earliest = Instant.ofEpochMilli(Long.MIN_VALUE).toString();
    HttpResponse<String> r = t.get("/api/v1/reliability?to=" + earliest, VIEWER);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("'to'");
    assertThat(t.queries.windows).isEmpty();
    t.assertHealthy();
  }
}
