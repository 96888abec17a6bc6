package dev.uptally.collector.fleet;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares what devices' identities have in common before a snapshot keeps it for the life of the process: a million
 * devices carry a handful of client ids, zones, agent versions and tags, and each parsed request or stored row brings
 * its own copy of every one (health and inventory are {@link Packed}, with their common strings in {@link
 * SharedStrings}) (bench/results/fleet-scale.md measured 2.7 KB a device before this).
 * Values are only swapped for equal ones, so nothing a reader sees changes. The table of shared values is bounded:
 * past {@link #LIMIT} distinct values (a fleet whose "shared" fields are all different) new ones are kept as they
 * came. Device-unique values (ids, host names, token hashes) are never put in it. Thread-safe.
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
      tags = shared(Map.copyOf(t)); // most devices of a site carry the same tags: one map for all of them
    }
    return new DeviceIdentity(d.deviceId(), shared(d.clientId()), d.hostname(), d.deviceClass(), shared(d.timezone()),
        shared(d.agentVersion()), d.tokenHash(), d.enrolledAtMillis(), tags);
  }
}
