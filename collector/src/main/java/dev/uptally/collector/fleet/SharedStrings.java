package dev.uptally.collector.fleet;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The strings a fleet's devices have in common (OS names and versions, makers, models, CPU names, mount points,
 * interface names), each kept once and named by a small index in {@link Packed} bytes. Bounded: past its limit
 * strings (a fleet whose "common" fields are all different) {@link #indexOf} answers -1 and the caller keeps the
 * string inline, so no input can grow the table without bound. Indexes are never reused. Thread-safe: an index is
 * published (a volatile write of the table) before it is returned, so a reader that got the index through a
 * published snapshot finds its string.
 */
final class SharedStrings {

  static final int LIMIT = 65_536;

  /** The process's table: every snapshot's bytes refer to it. */
  static final SharedStrings FLEET = new SharedStrings(LIMIT);

  private final int limit;
  private final ConcurrentHashMap<String, Integer> index = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private volatile String[] values = new String[256];
  private int size; // guarded by lock

  SharedStrings(int limit) {
    this.limit = limit;
  }

  /** The index of {@code s}, added if new; -1 when the table is full and {@code s} is not in it. */
  int indexOf(String s) {
    Integer known = index.get(s);
    if (known != null) {
      return known;
    }
    synchronized (lock) {
      known = index.get(s);
      if (known != null) {
        return known;
      }
      if (size >= limit) {
        return -1;
      }
      String[] table = values;
      if (size == table.length) {
        table = Arrays.copyOf(table, Math.max(1, Math.min(limit, table.length * 2)));
      }
      table[size] = s;
      values = table; // publishes the entry before its index is handed out
      index.put(s, size);
      return size++;
    }
  }

  /** The string at an index {@link #indexOf} returned. */
  String get(int index) {
    return values[index];
  }
}
