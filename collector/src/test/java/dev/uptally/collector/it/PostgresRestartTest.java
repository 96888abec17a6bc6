package dev.uptally.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.sla.TestConfigs;
import dev.uptally.collector.store.PostgresTestStorage;
import dev.uptally.collector.testing.PostgresServer;
import dev.uptally.collector.testing.RequiresPostgres;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import dev.uptally.config.collector.CollectorConfig;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The collector survives its PostgreSQL going away: while the database is down, ingest answers 503 with a
 * Retry-After and {@code /readyz} 503, nothing unacknowledged is taken for stored, and once the database is back the
 * collector recovers on its own (the pool reconnects, the lease session is taken again) and the agent's retried
 * batch is acknowledged.
 */
@RequiresPostgres
class PostgresRestartTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final long INTERVAL = 30_000;
  /** The pool's connect timeout is 5 s; a restart of a small cluster takes a few more. */
  private static final Duration RECOVERY = Duration.ofSeconds(60);

  private final PostgresServer server = PostgresServer.get().orElseThrow();
  private final PostgresTestStorage database = new PostgresTestStorage();

  @AfterEach
  void serverRunsForTheNextTest() {
    server.start();
  }

  private CollectorConfig config() {
    CollectorConfig c = TestConfigs.standard(NY);
    return new CollectorConfig(c.server(), database.config(), c.api(), c.heartbeat(), c.calendars(), c.contracts(),
        c.clients(), c.notifications());
  }

  @Test
  void ingestAnswers503WhileTheDatabaseIsAwayAndRecoversOnItsOwn() throws Exception {
    try (CollectorApp app = new CollectorApp(config(), Clock.systemUTC(), HttpTimeouts.DEFAULTS, 2)) {
      CollectorClient client = new CollectorClient(app.start(), "noc-token-0123456789");
      String token = client.enroll("acme-enroll-token-0123456789", "srv-1", "server", "America/New_York");
      long now = System.currentTimeMillis();
      long boot = now - 3_600_000;
      List<Sample> first = new ArrayList<>();
      for (int seq = 0; seq < 10; seq++) {
        first.add(Sample.heartbeat(seq, now - (20 - seq) * INTERVAL, boot, null));
      }
      assertThat(client.send(token, "srv-1", first, now).ackedSeq()).isEqualTo(9);

      server.kill(); // as a crash of the database server: no orderly goodbye to the collector's sessions
      HeartbeatBatch next = new HeartbeatBatch("srv-1", now, List.of(Sample.heartbeat(10, now - 10 * INTERVAL, boot,
          null)));
      HttpResponse<String> refused = client.post("/v1/heartbeats", token, next);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(refused.body()).doesNotContain(database.config().url()).doesNotContain("password");
      assertThat(client.getRaw("/readyz").statusCode()).isEqualTo(503);

      server.start();
      HeartbeatAck ack = null;
      long deadline = System.nanoTime() + RECOVERY.toNanos();
      while (ack == null && System.nanoTime() < deadline) {
        HttpResponse<String> r = client.post("/v1/heartbeats", token, next); // what the agent does after Retry-After
        if (r.statusCode() == 200) {
          ack = Json.mapper().readValue(r.body(), HeartbeatAck.class);
        } else {
          assertThat(r.statusCode()).as("only 503 while recovering: %s", r.body()).isEqualTo(503);
          Thread.sleep(250); // polling the collector's recovery from a real restart, not waiting for a clock
        }
      }
      assertThat(ack).as("acknowledged within %s of the database's return", RECOVERY).isNotNull();
      assertThat(ack.ackedSeq()).isEqualTo(10);
      assertThat(client.getRaw("/readyz").statusCode()).isEqualTo(200);
      assertThat(app.store().loadDevices()).singleElement()
          .satisfies(d -> assertThat(d.progress().lastSeq()).isEqualTo(10));
    }
  }
}
