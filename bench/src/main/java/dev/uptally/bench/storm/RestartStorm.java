package dev.uptally.bench.storm;

import dev.uptally.bench.load.MachineInfo;
import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceSnapshot;
import dev.uptally.collector.fleet.LiveState;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Sample;
import dev.uptally.config.CollectorConfigLoader;
import dev.uptally.config.collector.Admission;
import dev.uptally.config.collector.CollectorConfig;
import dev.uptally.config.collector.RateLimits;
import dev.uptally.config.collector.ServerConfig;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * A restart storm: a collector (SQLite in a temp dir, a free loopback port) knows N devices that last reported an
 * hour and a minute ago; it restarts after an hour's outage and every agent replays its one-hour spool at once (one
 * sample a minute: 60 samples each) through Java's async HTTP client, honouring {@code Retry-After} with the agent's
 * own jitter. Reports the time to drain, the 503s and 429s, the most batches pending and the deepest commit queue,
 * failed ingests, samples stored against sent (read back from the store after a second restart) and false downtime
 * (devices down in the live state, silences declared, non-up time in the timelines).
 *
 * <pre>{@code java -cp bench/target/benchmarks.jar dev.uptally.bench.storm.RestartStorm [devices] [connections] [highWatermark]}</pre>
 */
public final class RestartStorm {

  static final long INTERVAL_MILLIS = 60_000;
  static final int SPOOL_SAMPLES = 60;

  private final int devices;
  private final Semaphore connections;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(20)).executor(Executors.newFixedThreadPool(2)).build();
  private final ScheduledExecutorService retries = Executors.newScheduledThreadPool(1);
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final LongAdder failed = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final LongAccumulator maxRetryAfter = new LongAccumulator(Math::max, 0);
  private final LongAccumulator minRetryAfter = new LongAccumulator(Math::min, Long.MAX_VALUE);
  private final SplittableRandom jitter = new SplittableRandom(42);
  private URI base;

  RestartStorm(int devices, int connections) {
    this.devices = devices;
    this.connections = new Semaphore(connections);
  }

  public static void main(String[] args) throws Exception {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 4_000;
    int high = args.length > 2 ? Integer.parseInt(args[2]) : Admission.DEFAULTS.highWatermark();
    new RestartStorm(devices, connections).run(high);
    System.exit(0);
  }

  void run(int high) throws Exception {
    Path dir = Files.createTempDirectory("uptally-storm");
    Path yaml = dir.resolve("collector.yaml");
    try (InputStream in = RestartStorm.class.getResourceAsStream("/demo/collector.yaml")) {
      Files.copy(in, yaml);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Map<String, String> env = new HashMap<>(Map.of("UPTALLY_DEMO_PORT", Integer.toString(port),
        "UPTALLY_DEMO_INTERVAL", Long.toString(INTERVAL_MILLIS / 1000), "UPTALLY_API_TOKEN",
        "storm-api-token-0123456789"));
    for (String c : List.of("acme", "globex", "initech")) {
      env.put(c.toUpperCase(Locale.ROOT) + "_ENROLL_TOKEN", "storm-" + c + "-enroll-0123456789");
    }
    CollectorConfig config = stormConfig(CollectorConfigLoader.load(yaml, env), high);
    base = URI.create("http://127.0.0.1:" + port);
    long now = System.currentTimeMillis();
    long lastBefore = now - (SPOOL_SAMPLES + 1) * INTERVAL_MILLIS; // the sample before the outage
    long boot = lastBefore - 86_400_000;
    List<String> tokens = new ArrayList<>(devices);
    try (CollectorApp app = new CollectorApp(config, Clock.systemUTC())) {
      app.start();
      long t0 = System.nanoTime();
      enrollAll(tokens);
      System.out.printf(Locale.ROOT, "enrolled %,d devices in %.1f s%n", devices, (System.nanoTime() - t0) / 1e9);
      sendAll(tokens, i -> List.of(Sample.startup(1, lastBefore, boot, health(1), null)));
      System.out.println("each device reported once; the collector stops (the outage)");
    }
    statuses.clear();
    failed.reset();
    requests.reset();
    String[] apiDown = new String[1];
    Report r;
    try (CollectorApp app = new CollectorApp(config, Clock.systemUTC())) {
      app.start();
      System.out.println("collector restarted; " + devices + " agents replay " + SPOOL_SAMPLES + " samples each");
      AtomicInteger maxQueue = new AtomicInteger();
      java.util.Set<String> everDown = ConcurrentHashMap.newKeySet();
      ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
      watch.scheduleAtFixedRate(() -> maxQueue.accumulateAndGet(app.commitQueueDepth(), Math::max), 0, 5,
          TimeUnit.MILLISECONDS);
      watch.scheduleAtFixedRate(() -> {
        long at = System.currentTimeMillis();
        for (DeviceSnapshot d : app.fleet().snapshots()) {
          if (app.fleet().liveState(d, at) == LiveState.DOWN) {
            everDown.add(d.deviceId());
          }
        }
      }, 0, 1, TimeUnit.SECONDS);
      long t0 = System.nanoTime();
      sendAll(tokens, i -> {
        List<Sample> spool = new ArrayList<>(SPOOL_SAMPLES);
        for (int k = 0; k < SPOOL_SAMPLES; k++) {
          spool.add(Sample.heartbeat(2 + k, lastBefore + (k + 1) * INTERVAL_MILLIS, boot, health(2 + k)));
        }
        return spool;
      });
      double drainSeconds = (System.nanoTime() - t0) / 1e9;
      watch.shutdownNow();
      watch.awaitTermination(5, TimeUnit.SECONDS);
      apiDown[0] = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/devices?state=down"))
          .header("Authorization", "Bearer storm-api-token-0123456789").build(), HttpResponse.BodyHandlers.ofString())
          .body();
      r = new Report(drainSeconds, new TreeMap<>(statusCounts()), requests.sum(), failed.sum(),
          app.admission().maxPending(), app.admission().refusedCount(), maxQueue.get(), everDown.size(),
          silencesOf(app), minRetryAfter.get(), maxRetryAfter.get());
    }
    long stored = 0;
    long nonUpMillis = 0;
    try (CollectorApp reopened = new CollectorApp(config, Clock.systemUTC())) { // durable: read back after a restart
      for (var d : reopened.store().loadDevices()) {
        DeviceProgress p = d.progress();
        stored += p.lastSeq();
        DeviceProgress.Totals t = p.totals();
        nonUpMillis += t.crashMillis() + t.shutdownMillis() + t.unknownMillis() + t.asleepMillis();
      }
    }
    long sent = (long) devices * (SPOOL_SAMPLES + 1);
    r.print(devices, sent, stored, nonUpMillis, apiDown[0].trim().equals("[]") ? 0 : -1, config);
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static double silencesOf(CollectorApp app) {
    var c = app.meterRegistry().find("uptally.fleet.silences").counter();
    return c == null ? -1 : c.count();
  }

  private Map<Integer, Long> statusCounts() {
    Map<Integer, Long> out = new HashMap<>();
    statuses.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** The demo's config with enrollments unlimited (10,000 enroll in one go) and the admission watermarks given. */
  private static CollectorConfig stormConfig(CollectorConfig c, int high) {
    ServerConfig s = c.server();
    RateLimits l = s.rateLimits();
    Admission a = high == 0 ? new Admission(0, 0, 2, 10) : new Admission(high, high / 2,
        Admission.DEFAULTS.retryAfterSeconds(), Admission.DEFAULTS.retryJitterSeconds());
    ServerConfig server = new ServerConfig(s.host(), s.port(), s.tls(), s.allowPlaintext(), s.metricsToken(),
        s.maxBodyBytes(), s.maxSamplesPerRequest(), new RateLimits(l.deviceRequestsPerMinute(), l.deviceBurst(),
        l.authFailuresPerMinute(), 0, 1), s.requestTimeout(), a);
    return new CollectorConfig(server, c.storage(), c.api(), c.heartbeat(), c.calendars(), c.contracts(), c.clients(),
        c.notifications());
  }

  private void enrollAll(List<String> tokens) throws Exception {
    String[] out = new String[devices];
    CountDownLatch done = new CountDownLatch(devices);
    Semaphore some = new Semaphore(64);
    for (int i = 0; i < devices; i++) {
      int n = i;
      some.acquire();
      EnrollRequest req = new EnrollRequest(id(n), "storm-" + n, "workstation", "UTC", "1.0.0-storm", null, null);
      http.sendAsync(post("/v1/enroll", "storm-acme-enroll-0123456789", Json.mapper().writeValueAsBytes(req)),
          HttpResponse.BodyHandlers.ofByteArray()).whenComplete((resp, err) -> {
            some.release();
            if (err != null || resp.statusCode() != 200) {
              throw new IllegalStateException("enrollment " + n + " failed: " + (err != null ? err : resp.statusCode()));
            }
            out[n] = Json.mapper().readValue(resp.body(), EnrollResponse.class).deviceToken();
            done.countDown();
          });
    }
    if (!done.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("enrollment did not finish");
    }
    tokens.addAll(List.of(out));
  }

  private static String id(int n) {
    return "storm-" + n;
  }

  /** Every device sends its samples, retrying after Retry-After (plus the agent's jitter) until acknowledged. */
  private void sendAll(List<String> tokens, java.util.function.IntFunction<List<Sample>> samples) throws Exception {
    CountDownLatch acked = new CountDownLatch(devices);
    for (int i = 0; i < devices; i++) {
      List<Sample> s = samples.apply(i);
      byte[] body = Json.mapper().writeValueAsBytes(new HeartbeatBatch(id(i), System.currentTimeMillis(), s));
      attempt(tokens.get(i), body, s.get(s.size() - 1).seq(), acked);
    }
    if (!acked.await(30, TimeUnit.MINUTES)) {
      throw new IllegalStateException(acked.getCount() + " devices never drained");
    }
  }

  private void attempt(String token, byte[] body, long lastSeq, CountDownLatch acked) {
    connections.acquireUninterruptibly();
    requests.increment();
    http.sendAsync(post("/v1/heartbeats", token, body), HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete((resp, err) -> {
          connections.release();
          int status = err != null ? 0 : resp.statusCode();
          statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
          if (status == 200 && Json.mapper().readValue(resp.body(), HeartbeatAck.class).ackedSeq() == lastSeq) {
            acked.countDown();
            return;
          }
          long waitMillis;
          var retryAfter = err == null ? resp.headers().firstValue("Retry-After") : java.util.Optional.<String>empty();
          if ((status == 503 || status == 429) && retryAfter.isPresent()) {
            long ra = Long.parseLong(retryAfter.get()) * 1000;
            maxRetryAfter.accumulate(ra / 1000);
            minRetryAfter.accumulate(ra / 1000);
            long spread = Math.max(1000, ra / 4); // the agent's own jitter (HeartbeatLoop.jittered)
            synchronized (jitter) {
              waitMillis = ra + jitter.nextLong(spread + 1);
            }
          } else {
            failed.increment(); // no Retry-After: an ingest that failed (the agent would back off and retry)
            waitMillis = 2000;
          }
          retries.schedule(() -> attempt(token, body, lastSeq, acked), waitMillis, TimeUnit.MILLISECONDS);
        });
  }

  private HttpRequest post(String path, String token, byte[] body) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  private static Health health(long seq) {
    double usage = 0.1 + (seq % 7) / 20.0;
    return new Health(new Health.Cpu(usage, usage * 4, 45.0 + usage * 20),
        new Health.Memory(8L << 30, 3L << 30, 2L << 30, 0L),
        List.of(new Health.Disk("/", 512_000_000_000L, 200_000_000_000L)), null, List.of(1800), false);
  }

  record Report(double drainSeconds, Map<Integer, Long> statuses, long requests, long failed, long maxPending,
      long refused, int maxCommitQueue, int everDown, double silences, long minRetryAfter, long maxRetryAfter) {

    void print(int devices, long sent, long stored, long nonUpMillis, int apiDown, CollectorConfig config) {
      Admission a = config.server().admission();
      System.out.printf(Locale.ROOT, "RESULT devices=%d samples_sent=%d samples_stored=%d drain_s=%.1f requests=%d"
          + " statuses=%s refused_503=%d failed=%d max_pending=%d max_commit_queue=%d retry_after_s=%s"
          + " ever_down=%d silences=%.0f non_up_s=%d api_down_now=%s watermarks=%d/%d grace_s=%d%n",
          devices, sent, stored, drainSeconds, requests, statuses, refused, failed, maxPending, maxCommitQueue,
          refused == 0 ? "-" : minRetryAfter + ".." + maxRetryAfter, everDown, silences, nonUpMillis / 1000,
          apiDown == 0 ? "0" : "some", a.highWatermark(), a.lowWatermark(), config.heartbeat().graceMillis() / 1000);
      System.out.println("MACHINE " + MachineInfo.current().describe());
    }
  }
}
