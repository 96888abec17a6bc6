package dev.uptally.bench.scale;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.StorageFactory;
import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceStore;
import dev.uptally.collector.fleet.DeviceUpdate;
import dev.uptally.collector.fleet.TimelineInterval;
import dev.uptally.collector.fleet.TimelineState;
import dev.uptally.collector.fleet.Tokens;
import dev.uptally.collector.http.HttpTimeouts;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.device.OutageCause;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.config.CollectorConfigLoader;
import dev.uptally.config.collector.CollectorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;

/**
 * Issue 15 item 3: the collector at fleet scale, through its real code paths.
 *
 * <pre>
 *   populate STORAGE DEVICES MONTHS   write DEVICES enrolled devices (identity, progress, health, inventory and MONTHS
 *                                     of closed outage intervals) through the collector's own DeviceStore
 *   restart  STORAGE DEVICES          construct + start a CollectorApp on it (the restart), time it to ready, weigh the
 *                                     heap per device (full GC, class histogram), then wait for the silence detector to
 *                                     declare every device silent and report its lateness
 *   http     STORAGE                  start a CollectorApp and time GET /metrics (plain and gzip), a client's monthly
 *                                     report and one device's /sla over a year, over loopback HTTP
 * </pre>
 *
 * STORAGE is {@code sqlite:PATH} or {@code postgres:JDBC_URL,USER,PASSWORD}. Options: {@code -Dscale.interval=30}
 * (heartbeat interval, s; grace is three), {@code -Dscale.runs=7}, {@code -Dscale.clients=acme,globex,initech}.
 */
public final class FleetScale {

  static final String API_TOKEN = "bench-api-token-0123456789";
  static final long DAY = 86_400_000L;

  private FleetScale() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: FleetScale populate|restart|http STORAGE [DEVICES [MONTHS]]");
      System.exit(2);
    }
    Path dir = Files.createTempDirectory("uptally-scale");
    CollectorConfig config = config(dir, args[1]);
    System.out.println("# " + machine());
    switch (args[0]) {
      case "populate" -> populate(config, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      case "restart" -> restart(config, Integer.parseInt(args[2]));
      case "http" -> http(config);
      case "load" -> load(config);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
    System.exit(0);
  }

  static String machine() {
    String cpu = "?";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
    } catch (IOException ignored) {
      // not Linux
    }
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return String.format(Locale.ROOT, "machine: %d cores (%s), %.1f GiB RAM, load average %.2f; JDK %s (%s); -Xmx %d MiB",
        Runtime.getRuntime().availableProcessors(), cpu, memTotal() / (double) (1L << 30), load, Runtime.version(),
        System.getProperty("java.vendor"), Runtime.getRuntime().maxMemory() >> 20);
  }

  private static long memTotal() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (l.startsWith("MemTotal:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException ignored) {
      // not Linux
    }
    return -1;
  }

  /** The demo's collector.yaml (three clients, the standard contract) on the given storage, a free port. */
  static CollectorConfig config(Path dir, String storage) throws IOException {
    String yaml;
    try (InputStream in = FleetScale.class.getResourceAsStream("/demo/collector.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String block;
    if (storage.startsWith("sqlite:")) {
      block = "  sqlite: {path: \"" + Path.of(storage.substring(7)).toAbsolutePath() + "\"}";
    } else if (storage.startsWith("postgres:")) {
      String[] p = storage.substring(9).split(",");
      block = "  postgres: {url: \"" + p[0] + "\", user: " + p[1] + ", password: \"" + p[2] + "\", maxPoolSize: 8}";
    } else {
      throw new IllegalArgumentException("STORAGE is sqlite:PATH or postgres:URL,USER,PASSWORD: " + storage);
    }
    yaml = yaml.replaceFirst("(?m)^  sqlite: \\{path: uptally.db\\}.*$", java.util.regex.Matcher.quoteReplacement(block));
    Path file = dir.resolve("collector.yaml");
    Files.writeString(file, yaml);
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    return CollectorConfigLoader.load(file, Map.of("UPTALLY_DEMO_PORT", String.valueOf(port),
        "UPTALLY_DEMO_INTERVAL", System.getProperty("scale.interval", "30"), "UPTALLY_API_TOKEN", API_TOKEN,
        "ACME_ENROLL_TOKEN", "bench-acme-token-0123456789", "GLOBEX_ENROLL_TOKEN", "bench-globex-token-0123456789",
        "INITECH_ENROLL_TOKEN", "bench-initech-token-0123456789"));
  }

  static String deviceId(int i) {
    return String.format(Locale.ROOT, "3f2c%04x-%04x-4000-8000-%012d", i >>> 16 & 0xffff, i & 0xffff, i);
  }

  static String[] clients() {
    return System.getProperty("scale.clients", "acme,globex,initech").split(",");
  }

  // ---------------------------------------------------------------- populate

  /**
   * Writes the fleet through {@link DeviceStore#saveIdentity} and {@link DeviceStore#commit}, the calls enrollment and
   * the group committer make. Devices were all heard within the last heartbeat interval before now.
   */
  static void populate(CollectorConfig config, int devices, int months) throws Exception {
    Clock clock = Clock.systemUTC();
    long now = clock.millis();
    String[] clients = clients();
    DeviceClass[] classes = DeviceClass.values();
    String[] models = {"OptiPlex 7090", "ThinkPad T14 Gen 3", "PowerEdge R650", "EliteBook 840 G9", "ProLiant DL360"};
    String[] makers = {"Dell Inc.", "LENOVO", "Dell Inc.", "HP", "HPE"};
    String[] oses = {"Windows 11 Pro", "Ubuntu 22.04.4 LTS", "Windows Server 2022", "macOS 14.5"};
    long t0 = System.nanoTime();
    try (JdbcStorage storage = StorageFactory.openExclusive(config.storage(), clock)) {
      DeviceStore store = storage.devices();
      int threads = config.storage() instanceof dev.uptally.config.collector.StorageConfig.Postgres ? 6 : 1;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      int batch = 1000;
      List<Future<?>> pending = new ArrayList<>();
      AtomicLong intervals = new AtomicLong();
      for (int from = 0; from < devices; from += batch) {
        int lo = from;
        int hi = Math.min(devices, from + batch);
        pending.add(pool.submit(() -> {
          List<DeviceUpdate> updates = new ArrayList<>(hi - lo);
          List<DeviceIdentity> identities = new ArrayList<>(hi - lo);
          for (int i = lo; i < hi; i++) {
            String id = deviceId(i);
            DeviceClass cls = classes[i % classes.length];
            int m = i % models.length;
            identities.add(new DeviceIdentity(id, clients[i % clients.length],
                String.format(Locale.ROOT, "%s-%06d", cls.wireName().substring(0, 2), i), cls,
                i % 2 == 0 ? null : "Europe/Berlin", "1.4.2", Tokens.hex(Tokens.sha256("token-" + i)),
                now - (months * 31L + 1) * DAY, Map.of("site", "site-" + (i % 40))));
            Inventory inv = new Inventory(new Inventory.Os(oses[i % oses.length], "10.0." + (22000 + i % 7), null),
                new Inventory.Hardware(makers[m], models[m], "SN" + (1_000_000 + i), id),
                new Inventory.Cpu("Intel(R) Core(TM) i7-1185G7 @ 3.00GHz", 4, 8), 16L << 30,
                List.of(new Inventory.Drive("Samsung SSD 980 PRO 1TB", "S5GXNX0R" + i, 1_000_204_886_016L)),
                List.of(new Inventory.NetworkInterface("eth0", String.format(Locale.ROOT, "02:00:%02x:%02x:%02x:%02x",
                    i >>> 24 & 255, i >>> 16 & 255, i >>> 8 & 255, i & 255),
                    List.of("10." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255)))));
            Health health = new Health(new Health.Cpu(0.05 + (i % 90) / 100.0, 0.4 + (i % 13) / 10.0, 40.0 + i % 30),
                new Health.Memory(16L << 30, (2L + i % 12) << 30, 4L << 30, (long) (i % 100) << 20),
                List.of(new Health.Disk(cls == DeviceClass.SERVER ? "/" : "C:\\", 1_000_204_886_016L,
                    (100L + i % 800) << 30)),
                cls == DeviceClass.LAPTOP ? new Health.Battery(20.0 + i % 80, i % 2 == 0, 0.7 + (i % 30) / 100.0, 100 + i % 400)
                    : null, List.of(1200 + i % 1000), cls == DeviceClass.LAPTOP ? i % 3 == 0 : Boolean.FALSE);
            List<TimelineInterval> closed = history(i, now, months);
            intervals.addAndGet(closed.size());
            long[] t = new long[5];
            for (TimelineInterval c : closed) {
              switch (c.state()) {
                case DOWN -> {
                  t[c.cause() == OutageCause.SHUTDOWN ? 1 : 0] += c.durationMillis();
                  t[4] += c.cause() == OutageCause.SHUTDOWN ? 0 : 1;
                }
                case ASLEEP -> t[2] += c.durationMillis();
                default -> t[3] += c.durationMillis();
              }
            }
            long last = now - (i * 7919L) % 30_000;
            DeviceProgress p = new DeviceProgress(100_000 + i, now - months * 31L * DAY - DAY, last, now - 7 * DAY,
                null, false, i % 11, new DeviceProgress.Totals(t[0], t[1], t[2], t[3], t[4]));
            updates.add(new DeviceUpdate(id, p, health, inv, closed, List.of(), last));
          }
          saveIdentities(storage, identities);
          store.commit(updates);
          return null;
        }));
        if (pending.size() >= threads * 4) {
          pending.remove(0).get();
        }
        if (from % 100_000 == 0 && from > 0) {
          System.out.printf(Locale.ROOT, "  %,d devices written, %.0f s%n", from, (System.nanoTime() - t0) / 1e9);
        }
      }
      for (Future<?> f : pending) {
        f.get();
      }
      pool.shutdown();
    }
    System.out.printf(Locale.ROOT, "populated %,d devices, %d months of history in %.1f s%n", devices, months,
        (System.nanoTime() - t0) / 1e9);
  }

  /**
   * {@link DeviceStore#saveIdentity}'s statement for a thousand identities in one transaction (saveIdentity is one
   * transaction per enrollment: a million of them would take the populate step half an hour on SQLite).
   */
  static void saveIdentities(JdbcStorage storage, List<DeviceIdentity> ids) {
    storage.database().write("bench identities", c -> {
      try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO devices (device_id, client_id, hostname,"
          + " device_class, timezone, agent_version, token_hash, enrolled_at, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (DeviceIdentity d : ids) {
          ps.setString(1, d.deviceId());
          ps.setString(2, d.clientId());
          ps.setString(3, d.hostname());
          ps.setString(4, d.deviceClass().wireName());
          ps.setString(5, d.timezone());
          ps.setString(6, d.agentVersion());
          ps.setString(7, d.tokenHash());
          ps.setLong(8, d.enrolledAtMillis());
          ps.setString(9, dev.uptally.common.json.Json.mapper().writeValueAsString(d.tags()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  /** About twelve closed intervals a month (the demo fleet had 11.5): a crash, an evening shutdown, a sleep… */
  static List<TimelineInterval> history(int device, long now, int months) {
    List<TimelineInterval> out = new ArrayList<>();
    long start = now - months * 31L * DAY;
    java.util.SplittableRandom r = new java.util.SplittableRandom(device);
    for (long t = start + r.nextLong(DAY); t < now - 2 * DAY; t += DAY * 31 / 12 + r.nextLong(DAY)) {
      long len = 60_000 + r.nextLong(3_600_000);
      int k = r.nextInt(10);
      TimelineInterval i = k < 2 ? new TimelineInterval(t, t + len, TimelineState.DOWN, OutageCause.CRASH)
          : k < 6 ? new TimelineInterval(t, t + len * 8, TimelineState.DOWN, OutageCause.SHUTDOWN)
          : k < 8 ? new TimelineInterval(t, t + len, TimelineState.DOWN, OutageCause.SILENT)
          : new TimelineInterval(t, t + len * 6, TimelineState.ASLEEP, null);
      out.add(i);
    }
    return out;
  }

  // ---------------------------------------------------------------- restart

  static void restart(CollectorConfig config, int expected) throws Exception {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long heapBefore = usedAfterGc(mem);
    Clock clock = Clock.systemUTC();
    ConcurrentLinkedQueue<long[]> lateness = new ConcurrentLinkedQueue<>();
    long t0 = System.nanoTime();
    CollectorApp app = new CollectorApp(config, clock, HttpTimeouts.DEFAULTS,
        Math.max(2, Runtime.getRuntime().availableProcessors()));
    long constructed = System.nanoTime();
    long startWall = clock.millis();
    long mainCpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    app.start();
    long ready = System.nanoTime();
    long mainCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - mainCpu0;
    long processCpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
    System.out.printf(Locale.ROOT, "restart to ready: %.2f s (open storage + assemble %.2f s, start %.2f s), %,d devices%n",
        (ready - t0) / 1e9, (constructed - t0) / 1e9, (ready - constructed) / 1e9, app.fleet().size());
    System.out.printf(Locale.ROOT, "CPU: the starting thread %.2f s of the start's %.2f s; the process %.2f s since"
        + " the JVM started%n", mainCpu / 1e9, (ready - constructed) / 1e9, processCpu / 1e9);
    if (app.fleet().size() != expected) {
      throw new IllegalStateException("expected " + expected + " devices, loaded " + app.fleet().size());
    }
    long heapAfter = usedAfterGc(mem);
    System.out.printf(Locale.ROOT, "heap after full GC: %,d bytes before start, %,d after, %.0f bytes per device"
        + " (-Xmx %d MiB)%n", heapBefore, heapAfter, (heapAfter - heapBefore) / (double) expected,
        Runtime.getRuntime().maxMemory() >> 20);
    histogram(expected, Integer.getInteger("scale.top", 20));

    // the silence detector: every device was last heard before this restart, so once the start-up grace is over
    // (silence is not declared before one grace after start) each of them is declared silent: the worst case, the
    // whole fleet at one deadline. Lateness is measured here at the moment each is declared (collector clock).
    long grace = config.heartbeat().graceMillis();
    long notBefore = startWall + grace;
    if (clock.millis() > notBefore - 2_000) {
      System.out.println("WARNING: the heap measurement (full GCs) ran into the silence deadline; the lateness below"
          + " includes its pauses: use a longer -Dscale.interval");
    }
    int[] lateMs = new int[expected];
    AtomicLong n = new AtomicLong();
    app.fleet().onSilenceLatency(ms -> {
      long i = n.getAndIncrement();
      if (i < lateMs.length) {
        lateMs[(int) i] = (int) Math.min(Integer.MAX_VALUE, ms);
      }
    });
    long waitUntil = notBefore + 180_000;
    while (n.get() < expected && System.currentTimeMillis() < waitUntil) {
      Thread.sleep(200);
    }
    long declared = n.get();
    int[] sorted = Arrays.copyOf(lateMs, (int) Math.min(declared, expected));
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "silence: %,d of %,d declared; lateness past deadline (ms): p50 %d, p90 %d, p99 %d,"
        + " max %d (deadline = %s, the start-up grace's end)%n", declared, expected, pct(sorted, 0.5), pct(sorted, 0.9),
        pct(sorted, 0.99), pct(sorted, 1.0), Instant.ofEpochMilli(notBefore));
    app.close();
  }

  static int pct(int[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1 < 0 ? 0 : (int) Math.ceil(q * sorted.length) - 1)];
  }

  static long usedAfterGc(MemoryMXBean mem) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return mem.getHeapMemoryUsage().getUsed();
  }

  /** The live objects' class histogram (a full GC first), the top classes, as {@code jcmd GC.class_histogram}. */
  static void histogram(int devices, int top) throws Exception {
    String out = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
    String[] lines = out.split("\n");
    System.out.printf(Locale.ROOT, "live heap by class (top %d), bytes per device:%n", top);
    for (int i = 0; i < Math.min(lines.length, top + 3); i++) {
      String l = lines[i].strip();
      String[] f = l.split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":")) {
        System.out.printf(Locale.ROOT, "  %-70s %,12d instances %,14d bytes %8.1f B/device%n", f[3],
            Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[2]) / (double) devices);
      } else if (l.startsWith("Total")) {
        System.out.println("  " + l);
      }
    }
    String total = lines[lines.length - 1].strip();
    System.out.println("  " + total);
  }

  /** Only what restart reads from the store: {@link DeviceStore#loadDevices} (rows, JSON health and inventory). */
  static void load(CollectorConfig config) {
    Clock clock = Clock.systemUTC();
    long t0 = System.nanoTime();
    try (JdbcStorage storage = StorageFactory.openExclusive(config.storage(), clock)) {
      long opened = System.nanoTime();
      int n = storage.devices().loadDevices().size();
      long loaded = System.nanoTime();
      System.out.printf(Locale.ROOT, "open storage (lease, migrations check, SQLite quick_check) %.2f s;"
          + " loadDevices %,d devices %.2f s%n", (opened - t0) / 1e9, n, (loaded - opened) / 1e9);
    }
  }

  // ---------------------------------------------------------------- http

  static void http(CollectorConfig config) throws Exception {
    Clock clock = Clock.systemUTC();
    int runs = Integer.getInteger("scale.runs", 7);
    try (CollectorApp app = new CollectorApp(config, clock, HttpTimeouts.DEFAULTS,
        Math.max(2, Runtime.getRuntime().availableProcessors()))) {
      app.start();
      String base = "http://127.0.0.1:" + app.address().getPort();
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      System.out.printf(Locale.ROOT, "%,d devices; %d timed runs each after 2 warm-up runs; median (min–max)%n",
          app.fleet().size(), runs);
      String only = System.getProperty("scale.only", "");
      if (!only.equals("reports")) {
        time(client, base + "/metrics", Map.of(), runs, "GET /metrics");
        time(client, base + "/metrics", Map.of("Accept-Encoding", "gzip"), runs, "GET /metrics, gzip");
        curl(base + "/metrics", false, runs, "GET /metrics, curl");
        curl(base + "/metrics", true, runs, "GET /metrics, gzip, curl");
      }
      if (only.equals("metrics")) {
        return;
      }
      Map<String, String> auth = Map.of("Authorization", "Bearer " + API_TOKEN);
      YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
      Map<String, Integer> perClient = new HashMap<>();
      app.fleet().snapshots().forEach(d -> perClient.merge(d.identity().clientId(), 1, Integer::sum));
      String c = clients()[0];
      for (String format : List.of("json", "html", "csv")) {
        time(client, base + "/api/v1/clients/" + c + "/report?month=" + month + "&format=" + format, auth, runs,
            "monthly report " + month + " of " + c + " (" + perClient.get(c) + " devices), " + format);
      }
      Instant to = Instant.now();
      Instant from = to.minusSeconds(365 * 86_400L);
      time(client, base + "/api/v1/devices/" + deviceId(0) + "/sla?from=" + from + "&to=" + to, auth, Math.max(runs, 50),
          "one device's /sla over a year (" + FleetScale.history(0, to.toEpochMilli(), 12).size() + " intervals)");
    }
  }

  /**
   * The brief's client: curl's {@code time_total}, the body discarded (so the client's own copying weighs less than
   * Java's HttpClient reading it into one array). Skipped when curl is not on the PATH.
   */
  static void curl(String url, boolean gzip, int runs, String what) throws Exception {
    long[] micros = new long[runs];
    for (int i = -2; i < runs; i++) {
      List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "-w",
          "%{http_code} %{time_total} %{size_download}"));
      if (gzip) {
        cmd.add("-H");
        cmd.add("Accept-Encoding: gzip");
      }
      cmd.add(url);
      Process p;
      try {
        p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      } catch (java.io.IOException e) {
        System.out.println(what + ": skipped (" + e.getMessage() + ")");
        return;
      }
      String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
      if (p.waitFor() != 0 || out.length != 3 || !out[0].equals("200")) {
        throw new IllegalStateException("curl " + url + ": " + String.join(" ", out));
      }
      if (i >= 0) {
        micros[i] = Math.round(Double.parseDouble(out[1]) * 1e6);
        if (i == runs - 1) {
          Arrays.sort(micros);
          System.out.printf(Locale.ROOT, "%s: %.2f ms (%.2f–%.2f), %,d bytes%n", what, micros[runs / 2] / 1e3,
              micros[0] / 1e3, micros[runs - 1] / 1e3, Long.parseLong(out[2]));
        }
      }
    }
  }

  static void time(HttpClient client, String url, Map<String, String> headers, int runs, String what) throws Exception {
    long[] ns = new long[runs];
    long bytes = 0;
    for (int i = -2; i < runs; i++) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
      headers.forEach(b::header);
      long t = System.nanoTime();
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      long e = System.nanoTime() - t;
      if (r.statusCode() != 200) {
        throw new IllegalStateException(url + " → " + r.statusCode() + ": "
            + new String(r.body(), 0, Math.min(300, r.body().length), StandardCharsets.UTF_8));
      }
      if (i >= 0) {
        ns[i] = e;
        bytes = r.body().length;
      }
    }
    Arrays.sort(ns);
    System.out.printf(Locale.ROOT, "%s: %.2f ms (%.2f–%.2f), %,d bytes%n", what, ns[runs / 2] / 1e6, ns[0] / 1e6,
        ns[runs - 1] / 1e6, bytes);
  }
}
