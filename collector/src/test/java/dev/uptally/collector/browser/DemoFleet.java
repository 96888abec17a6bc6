package dev.uptally.collector.browser;

import dev.uptally.collector.testing.DeviceScript;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.ShutdownReason;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seven devices of two clients with the last eight days of history, sent to a collector over HTTP the way
 * their agents would: enrollment, then heartbeat batches of at most 1000 samples. What each device did is public
 * here so the test can check that the dashboard shows it.
 */
final class DemoFleet {

  /** The collector's default heartbeat interval: every script is on this grid. */
  static final long INTERVAL = 30_000;
  static final long MINUTE = 60_000;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  static final String CRASHED_SERVER = "srv-acme-dc01";
  static final String CRASHED_SERVER_HOST = "acme-dc01";
  /** The crash of {@link #CRASHED_SERVER}: how long before now it went down, and for how long. */
  static final long CRASH_AGO_MILLIS = 3 * DAY;
  static final long CRASH_DOWN_MILLIS = 25 * MINUTE;
  /** Asleep nine hours a day, every day. */
  static final String SLEEPING_LAPTOP = "lt-acme-partner07";
  /** Silent for the last two hours: live state down. */
  static final String SILENT_SERVER = "srv-globex-db01";
  /** Announced its sleep (a suspend sample) an hour ago and has slept since: expected off, not down. */
  static final String ASLEEP_LAPTOP = "lt-acme-sales02";
  static final String ASLEEP_LAPTOP_HOST = "acme-sales-02";

  private final List<DeviceScript> devices;
  private final Map<String, String> clients = new HashMap<>();
  private final Map<String, String> tokens = new HashMap<>();
  /** device id → how many of its samples were sent. */
  private final Map<String, Integer> sent = new HashMap<>();
  private long nowMillis;

  /** How many devices the fleet enrolls. */
  int size() {
    return devices.size();
  }

  /** @param nowMillis the collector's now, on a whole minute */
  DemoFleet(long nowMillis) {
    if (nowMillis % MINUTE != 0) {
      throw new IllegalArgumentException("now must be on a whole minute: " + nowMillis);
    }
    this.nowMillis = nowMillis;
    long first = nowMillis - 8 * DAY;
    DeviceScript laptop = device("acme", SLEEPING_LAPTOP, "acme-partner-07", "laptop", health(0.12, 16, 9, 0.48),
        "Lenovo", "ThinkPad X1 Carbon Gen 12", first);
    for (long day = 8; day >= 1; day--) { // asleep nine hours a day, as laptops are at night
      laptop.beatUntil(nowMillis - day * DAY + 2 * HOUR).sleepUntil(nowMillis - day * DAY + 11 * HOUR, INTERVAL);
    }
    this.devices = List.of(
        device("acme", CRASHED_SERVER, CRASHED_SERVER_HOST, "server", health(0.31, 64, 41, 0.62),
            "Dell Inc.", "PowerEdge R650", first)
            .beatUntil(nowMillis - CRASH_AGO_MILLIS).crashAndBoot(nowMillis - CRASH_AGO_MILLIS + CRASH_DOWN_MILLIS,
                nowMillis - CRASH_AGO_MILLIS + CRASH_DOWN_MILLIS + INTERVAL),
        device("acme", "srv-acme-files", "acme-files", "server", health(0.08, 32, 22, 0.93),
            "HPE", "ProLiant DL380 Gen11", first)
            .beatUntil(nowMillis - 5 * DAY).shutdown(ShutdownReason.OS, INTERVAL)
            .boot(nowMillis - 5 * DAY + 40 * MINUTE, nowMillis - 5 * DAY + 40 * MINUTE + INTERVAL),
        device("acme", "ws-acme-reception", "acme-reception", "workstation", health(0.22, 16, 7, 0.41),
            "Dell Inc.", "OptiPlex 7010", first),
        laptop,
        device("acme", ASLEEP_LAPTOP, ASLEEP_LAPTOP_HOST, "laptop", health(0.18, 16, 10, 0.35),
            "Lenovo", "ThinkPad T14 Gen 5", first).beatUntil(nowMillis - HOUR).suspend(INTERVAL),
        device("globex", "srv-globex-web01", "globex-web01", "server", health(0.47, 32, 12, 0.55),
            "Supermicro", "SYS-510T-MR", first),
        device("globex", SILENT_SERVER, "globex-db01", "server", health(0.64, 128, 30, 0.71),
            "Dell Inc.", "PowerEdge R750", first).beatUntil(nowMillis - 2 * HOUR),
        device("globex", "ws-globex-cad03", "globex-cad03", "workstation", health(0.71, 64, 18, 0.88),
            "HP", "Z4 G5", first)
            .beatUntil(nowMillis - DAY - 4 * HOUR).crashAndBoot(nowMillis - DAY - 4 * HOUR + 12 * MINUTE,
                nowMillis - DAY - 4 * HOUR + 12 * MINUTE + INTERVAL));
    for (DeviceScript d : devices) {
      if (!quiet(d)) {
        d.beatUntil(nowMillis);
      }
    }
  }

  /** Enrolls every device with its client's enrollment token and sends its history up to now. */
  void enrollAndSend(CollectorHttp collector) throws IOException, InterruptedException {
    for (DeviceScript d : devices) {
      String body = collector.post("/v1/enroll", clients.get(d.deviceId()) + "-enroll-token-0123456789",
          new EnrollRequest(d.deviceId(), d.hostname(), d.deviceClass(), "America/New_York", "1.0.0", null,
              Map.of()));
      tokens.put(d.deviceId(), Json.mapper().readValue(body, EnrollResponse.class).deviceToken());
      send(collector, d, nowMillis);
    }
  }

  /** The silent server and the sleeping laptop send nothing more. */
  private static boolean quiet(DeviceScript d) {
    return d.deviceId().equals(SILENT_SERVER) || d.deviceId().equals(ASLEEP_LAPTOP);
  }

  /** Every device but the silent server and the sleeping laptop heartbeats on until {@code untilMillis}, which becomes now. */
  void heartbeatUntil(CollectorHttp collector, long untilMillis) throws IOException, InterruptedException {
    nowMillis = untilMillis;
    for (DeviceScript d : devices) {
      if (!quiet(d)) {
        d.beatUntil(untilMillis);
        send(collector, d, untilMillis);
      }
    }
  }

  private void send(CollectorHttp collector, DeviceScript d, long sentAtMillis)
      throws IOException, InterruptedException {
    List<Sample> all = d.samples();
    List<Sample> samples = all.subList(sent.getOrDefault(d.deviceId(), 0), all.size());
    for (int i = 0; i < samples.size(); i += 1000) {
      collector.post("/v1/heartbeats", tokens.get(d.deviceId()),
          new HeartbeatBatch(d.deviceId(), sentAtMillis, samples.subList(i, Math.min(samples.size(), i + 1000))));
    }
    sent.put(d.deviceId(), all.size());
  }

  /** A device of {@code client} whose agent starts at {@code firstMillis} on a machine booted an hour before. */
  private DeviceScript device(String client, String id, String host, String cls, Health health,
      String maker, String model, long firstMillis) {
    Inventory inventory = new Inventory(new Inventory.Os(cls.equals("server") ? "Linux" : "Windows",
        cls.equals("server") ? "Debian 12" : "11 Pro 24H2", null),
        new Inventory.Hardware(maker, model, "SN-" + id.toUpperCase(Locale.ROOT), null),
        new Inventory.Cpu(cls.equals("server") ? "Intel Xeon Gold 6338" : "Intel Core i7-1365U", 8, 16),
        health.memory().totalBytes(),
        List.of(new Inventory.Drive("Samsung PM9A3", "S6-" + id, health.disks().get(0).totalBytes())),
        List.of());
    clients.put(id, client);
    return DeviceScript.device(id, cls).hostname(host).everyMillis(INTERVAL).health(health).inventory(inventory)
        .start(firstMillis - HOUR, firstMillis);
  }

  private static Health health(double cpu, long memoryGiB, long availableGiB, double diskUsed) {
    long disk = 1L << 40;
    return new Health(new Health.Cpu(cpu, cpu * 8, 48.0 + cpu * 20),
        new Health.Memory(memoryGiB << 30, availableGiB << 30, 4L << 30, 0L),
        List.of(new Health.Disk("/", disk, (long) (disk * (1 - diskUsed)))), null, List.of(), false);
  }
}
