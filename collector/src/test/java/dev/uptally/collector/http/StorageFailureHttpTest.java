package dev.uptally.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.fleet.DeviceUpdate;
import dev.uptally.collector.fleet.Fleet;
import dev.uptally.collector.fleet.FleetListener;
import dev.uptally.collector.fleet.MaintenancePolicy;
import dev.uptally.collector.ingest.HeartbeatIngest;
import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.metrics.MetricsEndpoint;
import dev.uptally.collector.sla.TestConfigs;
import dev.uptally.collector.store.StoreException;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import dev.uptally.config.collector.CollectorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A disk that fills up, seen from outside: the real ingest and fleet behind the real server on loopback, commits made
 * to fail by the update sink. The operator gets one log line when it starts and one when it ends, never one per
 * request; {@code /readyz} says so meanwhile; the agent's 503 names no file.
 */
class StorageFailureHttpTest {

  private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
  private static final String ENROLL = "acme-enroll-token-0123456789";
  private static final String DISK_FULL = "commit of 1 device updates to /var/lib/uptally/uptally.db failed:"
      + " [SQLITE_FULL] database or disk is full";

  private final MutableClock clock = new MutableClock(T0);
  private final AtomicReference<RuntimeException> commitFailure = new AtomicReference<>();
  private final Fleet fleet = new Fleet(new Fleet.Settings(1, 90_000), this::commit,
      (identity, req) -> CompletableFuture.completedFuture(null), clock, FleetListener.NONE, MaintenancePolicy.NONE);
  private final MetricsEndpoint metrics = new MetricsEndpoint();
  private final CollectorConfig config = TestConfigs.standard(ZoneId.of("UTC"));
  private final HeartbeatIngest ingest = new HeartbeatIngest(config, fleet, metrics.meterRegistry(), () -> true, clock);
  private final CollectorServer server = CollectorServer.builder(TestServer.config(null, null, 65536), null, ingest,
      new FakeQueries(), metrics, clock).build();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<LogRecord> log = new CopyOnWriteArrayList<>();
  private final Logger storageLogger = Logger.getLogger("dev.uptally.collector.ingest.StorageHealth");
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      log.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private int port;
  private long seq;

  private CompletableFuture<Void> commit(DeviceUpdate update) {
    RuntimeException failure = commitFailure.get();
    return failure == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(failure);
  }

  private HttpResponse<String> send(String method, String path, String token, Object body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> beat(String token) throws Exception {
    long now = clock.millis();
    return send("POST", "/v1/heartbeats", token,
        new HeartbeatBatch("d1", now, List.of(Sample.heartbeat(seq++, now, T0.toEpochMilli() - 60_000, null))));
  }

  private List<String> logLines() {
    return log.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList();
  }

  @AfterEach
  void stop() {
    storageLogger.removeHandler(capture);
    server.close();
    fleet.close();
    metrics.close();
  }

  @Test
  void aFailingDiskIsLoggedOnceReportedByReadyzAndNamesNoFileToAgents() throws Exception {
    storageLogger.addHandler(capture);
    fleet.start(List.of());
    port = server.start().getPort();
    String token = Json.mapper().readValue(send("POST", "/v1/enroll", ENROLL,
        new EnrollRequest("d1", "host-1", "server", "UTC", "1.0", null, null)).body(), EnrollResponse.class).deviceToken();
    assertThat(beat(token).statusCode()).isEqualTo(200);

    commitFailure.set(new StoreException(DISK_FULL));
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> refused = beat(token);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).contains("10");
      assertThat(refused.body()).contains("storage unavailable").doesNotContain("/var/lib", "uptally.db", "SQLITE");
    }
    HttpResponse<String> ready = send("GET", "/readyz", null, null);
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.headers().firstValue("Retry-After")).contains("10");
    assertThat(ready.body()).isEqualTo("{\"status\":\"storage unavailable\"}");
    assertThat(logLines()).as("one line for five refused requests, with the file for the operator").singleElement()
        .asString().startsWith("WARNING storage is failing").contains(DISK_FULL);

    clock.advanceMillis(61_000);
    commitFailure.set(null);
    assertThat(beat(token).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/readyz", null, null).statusCode()).isEqualTo(200);
    assertThat(logLines()).hasSize(2);
    assertThat(logLines().get(1)).isEqualTo("INFO storage recovered: commits succeed again after 61 s; 5 requests were"
        + " answered 503 meanwhile");
  }

  @Test
  void storageThatFlapsWritesAtMostOneLineAMinuteAndTheLastWordIsTheTruth() throws Exception {
    storageLogger.addHandler(capture);
    fleet.start(List.of());
    port = server.start().getPort();
    String token = Json.mapper().readValue(send("POST", "/v1/enroll", ENROLL,
        new EnrollRequest("d1", "host-1", "server", "UTC", "1.0", null, null)).body(), EnrollResponse.class).deviceToken();
    for (int i = 0; i < 10; i++) {
      commitFailure.set(new StoreException(DISK_FULL));
      assertThat(beat(token).statusCode()).isEqualTo(503);
      commitFailure.set(null);
      assertThat(beat(token).statusCode()).isEqualTo(200);
      clock.advanceMillis(1_000);
    }
    assertThat(logLines()).as("ten failures within a minute: only the first is written").hasSize(1);
    assertThat(send("GET", "/readyz", null, null).statusCode()).as("the latest commit succeeded").isEqualTo(200);

    clock.advanceMillis(60_000);
    assertThat(send("GET", "/readyz", null, null).statusCode()).isEqualTo(200);
    assertThat(logLines()).hasSize(2);
    assertThat(logLines().get(1)).startsWith("INFO storage recovered").contains("10 requests were answered 503",
        "18 more changes since the last line");
  }
}
