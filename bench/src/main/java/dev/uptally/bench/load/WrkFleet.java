package dev.uptally.bench.load;

import dev.uptally.cli.sim.CollectorClient;
import dev.uptally.cli.sim.RetryPolicy;
import dev.uptally.cli.sim.Sleeper;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.Inventory;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Enrolls a fleet for {@code bench/load/ceiling.sh} and writes it as a Lua module that {@code heartbeats.lua}
 * loads: {@code return {{id="…", token="…"}, …}}. Enrollment goes through the real wire protocol
 * ({@code POST /v1/enroll}), so every device has a real device token; over TLS the JVM's trust store must hold the
 * collector's certificate ({@code -Djavax.net.ssl.trustStore}). Loopback only, like the load generator.
 *
 * <pre>{@code java -cp bench/target/benchmarks.jar dev.uptally.bench.load.WrkFleet --url http://127.0.0.1:PORT \
 *     --token ENROLL --devices 4000 --out /tmp/fleet.lua}</pre>
 */
public final class WrkFleet {

  private WrkFleet() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> flags;
    URI url;
    int devices;
    try {
      flags = LoadOptions.flags(args, List.of("--url", "--token", "--devices", "--out"));
      url = URI.create(flags.get("--url"));
      LoadOptions.requireLoopback(url);
      devices = Integer.parseInt(flags.get("--devices"));
      if (devices < 1 || flags.get("--token") == null || flags.get("--out") == null) {
        throw new IllegalArgumentException("need --url, --token, --devices >= 1 and --out");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("wrk fleet: " + e.getMessage());
      System.exit(2);
      return;
    }
    long t0 = System.nanoTime();
    List<String[]> fleet = enroll(url, flags.get("--token"), devices);
    write(fleet, Path.of(flags.get("--out")));
    System.out.printf("enrolled %d devices in %.1f s -> %s%n", fleet.size(), (System.nanoTime() - t0) / 1e9,
        flags.get("--out"));
  }

  /** Enrolls {@code n} workstations, 8 at a time; each entry is {id, deviceToken}. */
  static List<String[]> enroll(URI url, String enrollmentToken, int n) throws InterruptedException {
    CollectorClient client = new CollectorClient(url, RetryPolicy.DEFAULT, Sleeper.REAL);
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<Callable<String[]>> enrollments = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id = "wrk-" + run + "-" + i;
      EnrollRequest req = new EnrollRequest(id, "wrk-" + i, "workstation", "UTC", "1.0.0-load",
          new Inventory(new Inventory.Os("Linux", "6.1", null), new Inventory.Hardware("Uptally", "Load", id, id),
              null, 8L << 30, null, null), Map.of("load", run));
      enrollments.add(() -> new String[] {id, client.enroll(enrollmentToken, req).deviceToken()});
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<String[]> fleet = new ArrayList<>(n);
      for (Future<String[]> f : pool.invokeAll(enrollments)) {
        fleet.add(f.get());
      }
      return fleet;
    } catch (ExecutionException e) {
      throw new IllegalStateException("enrollment failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The fleet as a Lua table; ids and tokens are URL-safe (letters, digits, '-', '_'), checked here. */
  static void write(List<String[]> fleet, Path out) throws IOException {
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write("return {\n");
      for (String[] d : fleet) {
        w.write("{id=\"" + luaSafe(d[0]) + "\",token=\"" + luaSafe(d[1]) + "\"},\n");
      }
      w.write("}\n");
    }
  }

  static String luaSafe(String s) {
    if (!s.matches("[A-Za-z0-9._~+/=-]+")) {
      throw new IllegalArgumentException("unexpected characters in '" + s.replaceAll("[A-Za-z0-9]", "*") + "'");
    }
    return s;
  }
}
