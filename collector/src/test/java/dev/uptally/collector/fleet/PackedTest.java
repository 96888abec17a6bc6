package dev.uptally.collector.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PackedTest {

  private static final double[] DOUBLES = {0.0, -0.0, 0.5, 1.0, 99.999, -1e300, Double.MIN_VALUE, Double.NaN,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
  private static final long[] LONGS = {0, 1, -1, 127, 128, -128, 1L << 33, Long.MAX_VALUE, Long.MIN_VALUE};
  private static final String[] STRINGS = {"", "C:", "/", "Windows", "ÄÖÜ café", "日本語のモデル", "\ud800 lone",
      "emoji \ud83d\ude00", "x".repeat(300), "tab\tnew\nline", "\u0000nul", "ÿ\u0100"};

  @Test
  void everyHealthComesBackEqual() {
    SplittableRandom r = new SplittableRandom(15);
    SharedStrings strings = new SharedStrings(SharedStrings.LIMIT);
    for (int i = 0; i < 3000; i++) {
      Health h = health(r);
      byte[] packed = Packed.health(h, strings);
      assertThat(Packed.health(packed, strings)).as("case %d: %s", i, h).isEqualTo(h);
    }
  }

  @Test
  void everyInventoryComesBackEqual() {
    SplittableRandom r = new SplittableRandom(16);
    SharedStrings strings = new SharedStrings(SharedStrings.LIMIT);
    for (int i = 0; i < 3000; i++) {
      Inventory inv = inventory(r);
      byte[] packed = Packed.inventory(inv, strings);
      assertThat(Packed.inventory(packed, strings)).as("case %d: %s", i, inv).isEqualTo(inv);
    }
  }

  @Test
  void numbersKeepTheirExactBits() {
    Health h = new Health(new Health.Cpu(-0.0, Double.longBitsToDouble(0x7ff8_0000_0000_0001L), 1e-320), null,
        List.of(), null, List.of(Integer.MIN_VALUE, Integer.MAX_VALUE), null);
    Health.Cpu back = Packed.health(Packed.health(h)).cpu();
    assertThat(Double.doubleToRawLongBits(back.usage())).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(Double.doubleToRawLongBits(back.load1())).isEqualTo(0x7ff8_0000_0000_0001L);
    assertThat(back.temperatureC()).isEqualTo(1e-320);
  }

  @Test
  void aFullTableKeepsNewValuesInline() {
    SharedStrings strings = new SharedStrings(2);
    Inventory first = new Inventory(new Inventory.Os("Windows", "11", null), null, null, null, List.of(), List.of());
    Inventory second = new Inventory(new Inventory.Os("Ubuntu", "24.04", "noble"), null, null, null, List.of(),
        List.of());
    byte[] a = Packed.inventory(first, strings);
    byte[] b = Packed.inventory(second, strings);
    assertThat(Packed.inventory(a, strings)).isEqualTo(first);
    assertThat(Packed.inventory(b, strings)).isEqualTo(second);
    assertThat(strings.indexOf("Ubuntu")).isEqualTo(-1);
    assertThat(strings.indexOf("Windows")).isZero();
    // the shared values come back as the one instance the table keeps
    assertThat(Packed.inventory(a, strings).os().family()).isSameAs(Packed.inventory(a, strings).os().family());
  }

  @Test
  void theBytesAreAFractionOfTheRecords() {
    Health h = new Health(new Health.Cpu(0.4234, 1.25, 61.0),
        new Health.Memory(17_179_869_184L, 6_442_450_944L, 4_294_967_296L, 12_345_678L),
        List.of(new Health.Disk("C:", 511_101_108_224L, 187_654_321_098L)), new Health.Battery(87.5, false, 0.91, 312),
        List.of(2100), true);
    Inventory inv = new Inventory(new Inventory.Os("Windows", "11", "22631"),
        new Inventory.Hardware("Dell Inc.", "Latitude 5440", "8XK2Q73", "4c4c4544-0038-5810-804b-b8c04f513733"),
        new Inventory.Cpu("13th Gen Intel(R) Core(TM) i5-1345U", 10, 12), 17_179_869_184L,
        List.of(new Inventory.Drive("KIOXIA KBG50ZNS512G", "X2LS10ABCDEF", 512_110_190_592L)),
        List.of(new Inventory.NetworkInterface("Wi-Fi", "a4:c3:f0:12:34:56", List.of("192.168.1.23"))));
    assertThat(Packed.health(h).length).isLessThan(110);
    assertThat(Packed.inventory(inv).length).isLessThan(150);
  }

  private static Health health(SplittableRandom r) {
    Health.Cpu cpu = r.nextInt(5) == 0 ? null : new Health.Cpu(dbl(r), dbl(r), dbl(r));
    Health.Memory mem = r.nextInt(5) == 0 ? null : new Health.Memory(lng(r), lng(r), lng(r), lng(r));
    List<Health.Disk> disks = list(r, () -> r.nextInt(6) == 0 ? null : new Health.Disk(str(r), lng(r), lng(r)));
    Health.Battery battery = r.nextInt(3) == 0 ? null : new Health.Battery(dbl(r), bool(r), dbl(r), integer(r));
    List<Integer> fans = list(r, () -> integer(r));
    return new Health(cpu, mem, disks, battery, fans, bool(r));
  }

  private static Inventory inventory(SplittableRandom r) {
    Inventory.Os os = r.nextInt(5) == 0 ? null : new Inventory.Os(str(r), str(r), str(r));
    Inventory.Hardware hw = r.nextInt(5) == 0 ? null : new Inventory.Hardware(str(r), str(r), str(r), str(r));
    Inventory.Cpu cpu = r.nextInt(5) == 0 ? null : new Inventory.Cpu(str(r), integer(r), integer(r));
    List<Inventory.Drive> drives = list(r, () -> r.nextInt(6) == 0 ? null : new Inventory.Drive(str(r), str(r), lng(r)));
    List<Inventory.NetworkInterface> nics = list(r, () -> r.nextInt(6) == 0 ? null
        : new Inventory.NetworkInterface(str(r), str(r), list(r, () -> str(r))));
    return new Inventory(os, hw, cpu, lng(r), drives, nics);
  }

  private static <T> List<T> list(SplittableRandom r, java.util.function.Supplier<T> item) {
    int n = r.nextInt(4);
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(item.get());
    }
    return out;
  }

  private static Double dbl(SplittableRandom r) {
    int k = r.nextInt(4);
    return k == 0 ? null : k == 1 ? DOUBLES[r.nextInt(DOUBLES.length)] : r.nextDouble() * 100;
  }

  private static Long lng(SplittableRandom r) {
    int k = r.nextInt(4);
    return k == 0 ? null : k == 1 ? LONGS[r.nextInt(LONGS.length)] : r.nextLong();
  }

  private static Integer integer(SplittableRandom r) {
    int k = r.nextInt(4);
    return k == 0 ? null : k == 1 ? (r.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE) : r.nextInt();
  }

  private static Boolean bool(SplittableRandom r) {
    int k = r.nextInt(3);
    return k == 0 ? null : k == 1;
  }

  private static String str(SplittableRandom r) {
    int k = r.nextInt(4);
    return k == 0 ? null : k == 1 ? STRINGS[r.nextInt(STRINGS.length)] : "s" + r.nextInt(1000);
  }
}
