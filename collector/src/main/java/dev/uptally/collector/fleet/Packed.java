package dev.uptally.collector.fleet;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A device's newest health and inventory as the snapshot keeps them for the life of the process: one byte array
 * each instead of a tree of records, boxed numbers and one-entry lists. At a million devices that tree was about
 * 870 bytes a device of the 1.6 KB measured (bench/results/fleet-scale.md); the bytes are about a fifth of it.
 * Readers get the wire records back, equal to what was packed: every field, null or not, in every list, and the
 * exact bits of every number.
 *
 * <p>Layout: each record or list entry is a presence byte (0 absent) and its fields in declaration order; a boxed
 * number is a presence byte and a zig-zag varint (a double: its 8 raw bytes); a {@code Boolean} one byte (0 null, 1
 * false, 2 true); a list its size as a varint; a string a varint header: 0 null, 1 a {@link SharedStrings} index
 * follows (the fields devices have in common), otherwise {@code 2 + (length << 1 | wide)} then Latin-1 bytes, or
 * UTF-16 code units when a char is past Latin-1 (so that no string, not even one with an unpaired surrogate, is
 * altered).
 */
final class Packed {

  private static final ThreadLocal<Out> OUT = ThreadLocal.withInitial(Out::new);

  private Packed() {}

  static byte[] health(Health h) {
    return health(h, SharedStrings.FLEET);
  }

  static Health health(byte[] bytes) {
    return health(bytes, SharedStrings.FLEET);
  }

  static byte[] inventory(Inventory inv) {
    return inventory(inv, SharedStrings.FLEET);
  }

  static Inventory inventory(byte[] bytes) {
    return inventory(bytes, SharedStrings.FLEET);
  }

  static byte[] health(Health h, SharedStrings strings) {
    if (h == null) {
      return null;
    }
    Out o = OUT.get().reset(strings);
    Health.Cpu c = h.cpu();
    if (o.present(c)) {
      o.dbl(c.usage()).dbl(c.load1()).dbl(c.temperatureC());
    }
    Health.Memory m = h.memory();
    if (o.present(m)) {
      o.lng(m.totalBytes()).lng(m.availableBytes()).lng(m.swapTotalBytes()).lng(m.swapUsedBytes());
    }
    o.size(h.disks());
    for (Health.Disk d : h.disks()) {
      if (o.present(d)) {
        o.shared(d.mount()).lng(d.totalBytes()).lng(d.freeBytes());
      }
    }
    Health.Battery b = h.battery();
    if (o.present(b)) {
      o.dbl(b.percent()).bool(b.charging()).dbl(b.healthRatio()).integer(b.cycles());
    }
    o.size(h.fansRpm());
    for (Integer rpm : h.fansRpm()) {
      o.integer(rpm);
    }
    return o.bool(h.onBattery()).bytes();
  }

  static Health health(byte[] bytes, SharedStrings strings) {
    if (bytes == null) {
      return null;
    }
    In in = new In(bytes, strings);
    Health.Cpu cpu = in.present() ? new Health.Cpu(in.dbl(), in.dbl(), in.dbl()) : null;
    Health.Memory memory = in.present() ? new Health.Memory(in.lng(), in.lng(), in.lng(), in.lng()) : null;
    int n = in.size();
    List<Health.Disk> disks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      disks.add(in.present() ? new Health.Disk(in.text(), in.lng(), in.lng()) : null);
    }
    Health.Battery battery = in.present() ? new Health.Battery(in.dbl(), in.bool(), in.dbl(), in.integer()) : null;
    n = in.size();
    List<Integer> fans = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      fans.add(in.integer());
    }
    return in.end(new Health(cpu, memory, disks, battery, fans, in.bool()));
  }

  static byte[] inventory(Inventory inv, SharedStrings strings) {
    if (inv == null) {
      return null;
    }
    Out o = OUT.get().reset(strings);
    Inventory.Os os = inv.os();
    if (o.present(os)) {
      o.shared(os.family()).shared(os.version()).shared(os.build());
    }
    Inventory.Hardware hw = inv.hardware();
    if (o.present(hw)) {
      o.shared(hw.manufacturer()).shared(hw.model()).text(hw.serial()).text(hw.uuid());
    }
    Inventory.Cpu cpu = inv.cpu();
    if (o.present(cpu)) {
      o.shared(cpu.name()).integer(cpu.physicalCores()).integer(cpu.logicalCores());
    }
    o.lng(inv.memoryBytes()).size(inv.drives());
    for (Inventory.Drive d : inv.drives()) {
      if (o.present(d)) {
        o.shared(d.model()).text(d.serial()).lng(d.sizeBytes());
      }
    }
    o.size(inv.network());
    for (Inventory.NetworkInterface nic : inv.network()) {
      if (o.present(nic)) {
        o.shared(nic.name()).text(nic.mac()).size(nic.ipv4());
        for (String address : nic.ipv4()) {
          o.text(address);
        }
      }
    }
    return o.bytes();
  }

  static Inventory inventory(byte[] bytes, SharedStrings strings) {
    if (bytes == null) {
      return null;
    }
    In in = new In(bytes, strings);
    Inventory.Os os = in.present() ? new Inventory.Os(in.text(), in.text(), in.text()) : null;
    Inventory.Hardware hw = in.present() ? new Inventory.Hardware(in.text(), in.text(), in.text(), in.text()) : null;
    Inventory.Cpu cpu = in.present() ? new Inventory.Cpu(in.text(), in.integer(), in.integer()) : null;
    Long memory = in.lng();
    int n = in.size();
    List<Inventory.Drive> drives = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      drives.add(in.present() ? new Inventory.Drive(in.text(), in.text(), in.lng()) : null);
    }
    n = in.size();
    List<Inventory.NetworkInterface> network = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (!in.present()) {
        network.add(null);
        continue;
      }
      String name = in.text();
      String mac = in.text();
      int k = in.size();
      List<String> addresses = new ArrayList<>(k);
      for (int j = 0; j < k; j++) {
        addresses.add(in.text());
      }
      network.add(new Inventory.NetworkInterface(name, mac, addresses));
    }
    return in.end(new Inventory(os, hw, cpu, memory, drives, network));
  }

  /** A reusable, growing buffer (one per thread). */
  private static final class Out {
    private byte[] buf = new byte[512];
    private int n;
    private SharedStrings strings;

    Out reset(SharedStrings table) {
      n = 0;
      strings = table;
      return this;
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, n);
    }

    private void room(int k) {
      if (n + k > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + k));
      }
    }

    private void u8(int v) {
      room(1);
      buf[n++] = (byte) v;
    }

    private void varint(long v) {
      room(10);
      while ((v & ~0x7FL) != 0) {
        buf[n++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[n++] = (byte) v;
    }

    boolean present(Object record) {
      u8(record == null ? 0 : 1);
      return record != null;
    }

    Out size(List<?> list) {
      varint(list.size());
      return this;
    }

    Out lng(Long v) {
      if (present(v)) {
        varint((v << 1) ^ (v >> 63));
      }
      return this;
    }

    Out integer(Integer v) {
      return lng(v == null ? null : (long) v);
    }

    Out dbl(Double v) {
      if (present(v)) {
        long bits = Double.doubleToRawLongBits(v);
        room(8);
        for (int i = 0; i < 8; i++) {
          buf[n++] = (byte) (bits >>> (i * 8));
        }
      }
      return this;
    }

    Out bool(Boolean v) {
      u8(v == null ? 0 : v ? 2 : 1);
      return this;
    }

    /** A value devices have in common: a shared index while the table has room. */
    Out shared(String s) {
      int index = s == null ? -1 : strings.indexOf(s);
      if (index < 0) {
        return text(s);
      }
      varint(1);
      varint(index);
      return this;
    }

    Out text(String s) {
      if (s == null) {
        varint(0);
        return this;
      }
      int len = s.length();
      boolean wide = false;
      for (int i = 0; i < len && !wide; i++) {
        wide = s.charAt(i) > 0xFF;
      }
      varint(2 + (((long) len << 1) | (wide ? 1 : 0)));
      room(wide ? 2 * len : len);
      for (int i = 0; i < len; i++) {
        char ch = s.charAt(i);
        if (wide) {
          buf[n++] = (byte) (ch >>> 8);
        }
        buf[n++] = (byte) ch;
      }
      return this;
    }
  }

  private static final class In {
    private final byte[] b;
    private final SharedStrings strings;
    private int p;

    In(byte[] b, SharedStrings strings) {
      this.b = b;
      this.strings = strings;
    }

    <T> T end(T value) {
      if (p != b.length) {
        throw new IllegalStateException("packed value has " + (b.length - p) + " bytes left over");
      }
      return value;
    }

    private long varint() {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        byte x = b[p++];
        v |= (long) (x & 0x7F) << shift;
        if (x >= 0) {
          return v;
        }
      }
    }

    boolean present() {
      return b[p++] != 0;
    }

    int size() {
      return (int) varint();
    }

    Long lng() {
      if (!present()) {
        return null;
      }
      long z = varint();
      return (z >>> 1) ^ -(z & 1);
    }

    Integer integer() {
      Long v = lng();
      return v == null ? null : (int) (long) v;
    }

    Double dbl() {
      if (!present()) {
        return null;
      }
      long bits = 0;
      for (int i = 0; i < 8; i++) {
        bits |= (b[p++] & 0xFFL) << (i * 8);
      }
      return Double.longBitsToDouble(bits);
    }

    Boolean bool() {
      int v = b[p++];
      return v == 0 ? null : v == 2;
    }

    String text() {
      long h = varint();
      if (h == 0) {
        return null;
      }
      if (h == 1) {
        return strings.get((int) varint());
      }
      int len = (int) ((h - 2) >>> 1);
      if (((h - 2) & 1) == 0) {
        String s = new String(b, p, len, StandardCharsets.ISO_8859_1);
        p += len;
        return s;
      }
      char[] chars = new char[len];
      for (int i = 0; i < len; i++, p += 2) {
        chars[i] = (char) (((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF));
      }
      return new String(chars);
    }
  }
}
