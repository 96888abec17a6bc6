package dev.uptally.collector.fleet;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Shares what devices have in common before a snapshot keeps it for the life of the process: a million devices
 * carry a handful of client ids, zones, agent versions, OS names, models and disk sizes, and each parsed request or
 * stored row brings its own copy of every one (bench/results/fleet-scale.md measured 2.7 KB a device before this).
 * Values are only swapped for equal ones, so nothing a reader sees changes. The table of shared values is bounded:
 * past {@link #LIMIT} distinct values (a fleet whose "shared" fields are all different) new ones are kept as they
 * came. Device-unique values (ids, host names, serials, MACs, addresses, free bytes) are never put in it. Thread-safe.
 */
final class Compact {

  static final int LIMIT = 65_536;
  private static final ConcurrentHashMap<Object, Object> SHARED = new ConcurrentHashMap<>();

  private Compact() {}

  /** The shared instance equal to {@code v} (null stays null). */
  @SuppressWarnings("unchecked")
  static <T> T shared(T v) {
    if (v == null) {
      return null;
    }
    Object known = SHARED.get(v);
    if (known != null) {
      return (T) known;
    }
    if (SHARED.size() >= LIMIT) {
      return v;
    }
    known = SHARED.putIfAbsent(v, v);
    return known == null ? v : (T) known;
  }

  static DeviceIdentity identity(DeviceIdentity d) {
    if (d == null) {
      return null;
    }
    Map<String, String> tags = d.tags();
    if (!tags.isEmpty()) {
      Map<String, String> t = new HashMap<>(tags.size() * 2);
      tags.forEach((k, v) -> t.put(shared(k), shared(v)));
      tags = t;
    }
    return new DeviceIdentity(d.deviceId(), shared(d.clientId()), d.hostname(), d.deviceClass(), shared(d.timezone()),
        shared(d.agentVersion()), d.tokenHash(), d.enrolledAtMillis(), tags);
  }

  static Inventory inventory(Inventory i) {
    if (i == null) {
      return null;
    }
    Inventory.Os os = i.os() == null ? null
        : shared(new Inventory.Os(shared(i.os().family()), shared(i.os().version()), shared(i.os().build())));
    Inventory.Hardware hw = i.hardware() == null ? null : new Inventory.Hardware(shared(i.hardware().manufacturer()),
        shared(i.hardware().model()), i.hardware().serial(), i.hardware().uuid());
    Inventory.Cpu cpu = i.cpu() == null ? null
        : shared(new Inventory.Cpu(shared(i.cpu().name()), i.cpu().physicalCores(), i.cpu().logicalCores()));
    return new Inventory(os, hw, cpu, shared(i.memoryBytes()),
        map(i.drives(), d -> d == null ? null : new Inventory.Drive(shared(d.model()), d.serial(), shared(d.sizeBytes()))),
        map(i.network(), n -> n == null ? null : new Inventory.NetworkInterface(shared(n.name()), n.mac(), n.ipv4())));
  }

  static Health health(Health h) {
    if (h == null) {
      return null;
    }
    Health.Memory m = h.memory() == null ? null : new Health.Memory(shared(h.memory().totalBytes()),
        h.memory().availableBytes(), shared(h.memory().swapTotalBytes()), h.memory().swapUsedBytes());
    return new Health(h.cpu(), m,
        map(h.disks(), d -> d == null ? null : new Health.Disk(shared(d.mount()), shared(d.totalBytes()), d.freeBytes())),
        h.battery(), h.fansRpm(), h.onBattery());
  }

  private static <T> List<T> map(List<T> in, UnaryOperator<T> f) {
    if (in.isEmpty()) {
      return in;
    }
    List<T> out = new java.util.ArrayList<>(in.size());
    for (T t : in) {
      out.add(f.apply(t));
    }
    return out;
  }
}
