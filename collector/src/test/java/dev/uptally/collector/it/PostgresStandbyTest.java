package dev.uptally.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.StandbyCollector;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.sla.TestConfigs;
import dev.uptally.collector.store.PostgresTestStorage;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.testing.RequiresPostgres;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.Sample;
import dev.uptally.config.collector.CollectorConfig;
import dev.uptally.config.collector.StorageConfig;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A collector on PostgreSQL with a standby on the same database: the standby answers 503 with Retry-After until the
 * active one stops, then takes the lease, loads the state and serves it, with every acknowledged sample there.
 */
@RequiresPostgres
class PostgresStandbyTest {

  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final long INTERVAL = 30_000;

  private final PostgresTestStorage database = new PostgresTestStorage();

  private CollectorConfig config(boolean standby) {
    CollectorConfig c = TestConfigs.standard(NY);
    StorageConfig.Postgres p = database.config();
    return new CollectorConfig(c.server(), new StorageConfig.Postgres(p.url(), p.user(), p.password(), 4, standby),
        c.api(), c.heartbeat(), c.calendars(), c.contracts(), c.clients(), c.notifications());
  }

  @Test
  void theStandbyAnswers503UntilTheActiveStopsThenServesEveryAcknowledgedSample() throws Exception {
    CollectorApp active = new CollectorApp(config(false), Clock.systemUTC(), HttpTimeouts.DEFAULTS, 2);
    InetSocketAddress activeAt = active.start();
    CollectorClient toActive = new CollectorClient(activeAt, "noc-token-0123456789");
    String token = toActive.enroll("acme-enroll-token-0123456789", "srv-1", "server", "America/New_York");
    long now = System.currentTimeMillis();
    long boot = now - 3_600_000;
    List<Sample> samples = new ArrayList<>();
    for (int seq = 0; seq < 100; seq++) {
      samples.add(Sample.heartbeat(seq, now - (100 - seq) * INTERVAL, boot, null));
    }
    HeartbeatAck ack = toActive.send(token, "srv-1", samples, now);
    assertThat(ack.ackedSeq()).isEqualTo(99);

    StandbyCollector standby = new StandbyCollector(config(true), Clock.systemUTC(), HttpTimeouts.DEFAULTS);
    CollectorClient toStandby = new CollectorClient(standby.start(), "noc-token-0123456789");
    HttpResponse<String> ready = toStandby.getRaw("/readyz");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("standby");
    assertThat(ready.headers().firstValue("Retry-After")).hasValue("5");
    HttpResponse<String> refused = toStandby.post("/v1/heartbeats", token,
        new dev.uptally.common.protocol.HeartbeatBatch("srv-1", now, List.of(Sample.heartbeat(100, now, boot, null))));
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(toStandby.getRaw("/api/v1/devices").statusCode()).isEqualTo(503);

    CompletableFuture<JdbcStorage> takeover = CompletableFuture.supplyAsync(() -> {
      try {
        return standby.awaitLease(Duration.ofMillis(100));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
    assertThat(takeover).as("the standby waits while the active collector holds the lease")
        .isNotCompleted();
    long stoppedAt = System.nanoTime();
    active.close();
    JdbcStorage storage = takeover.get(30, TimeUnit.SECONDS);
    try (CollectorApp successor = new CollectorApp(config(true), Clock.systemUTC(), HttpTimeouts.DEFAULTS, 2,
        storage)) {
      InetSocketAddress at = successor.start();
      long takeoverMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
      assertThat(takeoverMillis).as("ready within 10 s of the lease freeing").isLessThan(10_000);
      CollectorClient client = new CollectorClient(at, "noc-token-0123456789");
      assertThat(client.get("/api/v1/devices/srv-1").path("deviceId").asText()).isEqualTo("srv-1");
      assertThat(successor.fleet().snapshot("srv-1").orElseThrow().progress().lastSeq()).isEqualTo(99);
      System.out.println("standby takeover: ready " + takeoverMillis + " ms after the active collector stopped");
      HeartbeatAck next = client.send(token, "srv-1", List.of(Sample.heartbeat(100, now, boot, null)), now);
      assertThat(next.ackedSeq()).as("the device's token and progress survived the failover").isEqualTo(100);
    } finally {
      standby.close();
    }
  }
}
