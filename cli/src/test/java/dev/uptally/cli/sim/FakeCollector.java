package dev.uptally.cli.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.ErrorBody;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongBinaryOperator;

/**
 * A tiny collector on 127.0.0.1 that speaks wire protocol v1 and writes down every breach of it it sees (heartbeats
 * before enrollment, wrong token, seq gaps, oversized batches), so tests can assert there were none.
 */
final class FakeCollector implements AutoCloseable {

  record Received(String deviceId, long receivedAtMillis, HeartbeatBatch batch) {}

  final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  final List<Received> batches = Collections.synchronizedList(new ArrayList<>());
  final List<EnrollRequest> enrollments = Collections.synchronizedList(new ArrayList<>());
  final Map<String, List<Sample>> applied = new ConcurrentHashMap<>();
  /** Answer this many heartbeat requests with 503 and {@code Retry-After: 1} before taking any. */
  final AtomicInteger unavailableFor = new AtomicInteger();
  /** Revoke the device token of the next heartbeat request this many times (answer 401). */
  final AtomicInteger revokeTokens = new AtomicInteger();
  /** (first new seq, last seq of the batch) → seq to acknowledge; by default all of it. */
  volatile LongBinaryOperator ackPolicy = (first, last) -> last;

  private final Map<String, String> clientByEnrollmentToken;
  private final int intervalSeconds;
  private final Map<String, String> tokenByDevice = new ConcurrentHashMap<>();
  private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  FakeCollector(Map<String, String> clientByEnrollmentToken, int intervalSeconds) throws IOException {
    this.clientByEnrollmentToken = clientByEnrollmentToken;
    this.intervalSeconds = intervalSeconds;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/enroll", this::enroll);
    server.createContext("/v1/heartbeats", this::heartbeats);
    server.setExecutor(executor);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Sample> applied(String deviceId) {
    return applied.getOrDefault(deviceId, List.of());
  }

  private void enroll(HttpExchange ex) throws IOException {
    String client = clientByEnrollmentToken.get(bearer(ex));
    if (client == null) {
      answer(ex, 401, new ErrorBody("enrollment token is not valid for any client"), null);
      return;
    }
    EnrollRequest req = Json.mapper().readValue(readBody(ex), EnrollRequest.class);
    enrollments.add(req);
    String token = "dev-" + UUID.randomUUID();
    tokenByDevice.put(req.deviceId(), token);
    answer(ex, 200, new EnrollResponse(token, client, intervalSeconds), null);
  }

  private void heartbeats(HttpExchange ex) throws IOException {
    long received = System.currentTimeMillis();
    HeartbeatBatch b = Json.mapper().readValue(readBody(ex), HeartbeatBatch.class);
    String expected = tokenByDevice.get(b.deviceId());
    if (expected == null) {
      problems.add("heartbeats from " + b.deviceId() + " before it enrolled");
    }
    if (expected == null || !expected.equals(bearer(ex))) {
      answer(ex, 401, new ErrorBody("device token is not valid"), null);
      return;
    }
    if (unavailableFor.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      answer(ex, 503, new ErrorBody("storage unavailable"), "1");
      return;
    }
    if (revokeTokens.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      tokenByDevice.remove(b.deviceId());
      tokenByDevice.put(b.deviceId(), "revoked-" + UUID.randomUUID());
      answer(ex, 401, new ErrorBody("device token was revoked"), null);
      return;
    }
    batches.add(new Received(b.deviceId(), received, b));
    if (b.samples().size() > 1000) {
      problems.add(b.deviceId() + ": batch of " + b.samples().size() + " samples");
    }
    answer(ex, 200, new HeartbeatAck(apply(b), intervalSeconds), null);
  }

  private synchronized long apply(HeartbeatBatch b) {
    long last = lastSeq.getOrDefault(b.deviceId(), 0L);
    List<Sample> fresh = b.samples().stream().filter(s -> s.seq() > last).toList();
    if (fresh.isEmpty()) {
      return last;
    }
    long ack = ackPolicy.applyAsLong(fresh.get(0).seq(), fresh.get(fresh.size() - 1).seq());
    List<Sample> mine = applied.computeIfAbsent(b.deviceId(), k -> Collections.synchronizedList(new ArrayList<>()));
    long prev = last;
    for (Sample s : fresh) {
      if (s.seq() > ack) {
        break;
      }
      if (s.seq() != prev + 1) {
        problems.add(b.deviceId() + ": seq " + s.seq() + " after " + prev);
      }
      mine.add(s);
      prev = s.seq();
    }
    lastSeq.put(b.deviceId(), prev);
    return prev;
  }

  private static String bearer(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    return h != null && h.startsWith("Bearer ") ? h.substring(7) : "";
  }

  private static byte[] readBody(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  private static void answer(HttpExchange ex, int status, Object body, String retryAfter) throws IOException {
    byte[] json = Json.mapper().writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    if (retryAfter != null) {
      ex.getResponseHeaders().set("Retry-After", retryAfter);
    }
    ex.sendResponseHeaders(status, json.length);
    ex.getResponseBody().write(json);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
