package dev.uptally.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.json.HeartbeatJson;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.SampleEvent;
import dev.uptally.common.protocol.ShutdownReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

/**
 * {@link HeartbeatJson} reads what the mapper reads, or leaves the body to it: on thousands of random batches and
 * healths as agents and the store write them, and on variants of them that the fast reader must skip, refuse to
 * decide, or read the same as the mapper. {@code HeartbeatDecodingFuzzTest} checks the same on any bytes.
 */
class HeartbeatJsonTest {

  private static final SplittableRandom RANDOM = new SplittableRandom(20261204);

  @Test
  void everyBatchAnAgentSendsIsReadFastAndEqualsTheMappersReading() {
    readBothWays(HeartbeatJsonTest::randomBatch, HeartbeatBatch.class, HeartbeatJson::batch);
  }

  @Test
  void everyStoredInventoryIsReadFastAndEqualsTheMappersReading() {
    readBothWays(HeartbeatJsonTest::randomInventory, Inventory.class, HeartbeatJson::inventory);
  }

  @Test
  void everyStoredHealthIsReadFastAndEqualsTheMappersReading() {
    readBothWays(HeartbeatJsonTest::randomHealth, Health.class, HeartbeatJson::health);
  }

  /** 3,000 random values written by the mapper: the fast reader reads each, as the mapper does, as it was. */
  private static <T> void readBothWays(Supplier<T> random, Class<T> type, Function<byte[], T> fast) {
    for (int n = 0; n < 3000; n++) {
      T value = random.get();
      byte[] json = Json.mapper().writeValueAsBytes(value);

      assertThat(fast.apply(json)).as("fast reading of %s", new String(json, StandardCharsets.UTF_8)).isNotNull()
          .isEqualTo(mapper(json, type).orElseThrow()).isEqualTo(value);
    }
  }

  private static final String SAMPLE = "{\"seq\":7,\"time\":1764072000000,\"bootTime\":1764070000000,\"event\":null,"
      + "\"health\":{\"cpu\":{\"usage\":0.25,\"load1\":1,\"temperatureC\":52.5},\"memory\":{\"totalBytes\":8589934592,"
      + "\"availableBytes\":3221225472,\"swapTotalBytes\":0,\"swapUsedBytes\":0},\"disks\":[{\"mount\":\"/\","
      + "\"totalBytes\":512000000000,\"freeBytes\":200000000000}],\"battery\":{\"percent\":80.5,\"charging\":true,"
      + "\"healthRatio\":0.9,\"cycles\":310},\"fansRpm\":[1800,2100],\"onBattery\":false},\"inventory\":null}";

  private static String batchOf(String sample) {
    return "{\"deviceId\":\"ws-01\",\"sentAt\":1764072001000,\"samples\":[" + sample + "],\"droppedSamples\":3}";
  }

  @Test
  void variantsTheMapperReadsTheSameWayAreReadFast() {
    List<String> variants = List.of(
        batchOf(SAMPLE),
        batchOf(SAMPLE).replace(",", " ,\n\t").replace(":", " : "), // whitespace
        batchOf(SAMPLE.replace("{\"seq\":7,", "{\"x-new\":{\"a\":[1,{\"b\":null}]},\"seq\":7,")), // unknown, nested
        batchOf(SAMPLE).replace("\"droppedSamples\":3", "\"droppedSamples\":3,\"agentBuild\":\"2026.12\""),
        "{\"samples\":[" + SAMPLE + "],\"sentAt\":1764072001000,\"deviceId\":\"ws-01\"}", // another order, one absent
        batchOf(SAMPLE.replace("\"event\":null", "\"event\":\"hibernate\"")), // an event of a newer agent
        batchOf(SAMPLE.replace("\"event\":null", "\"event\":\"\"")),
        batchOf(SAMPLE.replace("\"event\":null", "\"event\":\"shutdown\",\"reason\":\"os\"")),
        batchOf(SAMPLE.replace("\"event\":null", "\"event\":\"resume\",\"sleptFrom\":1,\"sleptUntil\":2")),
        batchOf(SAMPLE.replace("\"usage\":0.25", "\"usage\":-0.0")),
        batchOf(SAMPLE.replace("\"usage\":0.25", "\"usage\":1e400")), // infinity, as the mapper reads it
        batchOf(SAMPLE.replace("\"usage\":0.25", "\"usage\":9223372036854775807")),
        batchOf(SAMPLE.replace("\"seq\":7", "\"seq\":-9223372036854775808")),
        batchOf(SAMPLE.replace("\"mount\":\"/\"", "\"mount\":\"C:\\\\ \\u00e9\\ud83d\\ude00\"")),
        batchOf(SAMPLE.replace("\"disks\":[{\"mount\":\"/\",\"totalBytes\":512000000000,\"freeBytes\":200000000000}]",
            "\"disks\":[]")),
        batchOf(SAMPLE.replace("\"fansRpm\":[1800,2100]", "\"fansRpm\":null")),
        batchOf(SAMPLE.replace("\"battery\":{\"percent\":80.5,\"charging\":true,\"healthRatio\":0.9,\"cycles\":310}",
            "\"battery\":{}")),
        batchOf(SAMPLE.replace("\"inventory\":null", "\"inventory\":{\"os\":{\"family\":\"linux\",\"x\":1},"
            + "\"cpu\":{\"name\":\"EPYC\",\"physicalCores\":2},\"memoryBytes\":25769803776,\"drives\":[],"
            + "\"network\":[{\"name\":\"eth0\",\"mac\":null,\"ipv4\":[\"10.0.0.2\"]}]}")),
        "{\"deviceId\":\"ws-01\",\"sentAt\":1,\"samples\":[]}",
        "{\"deviceId\":\"ws-01\",\"sentAt\":1,\"samples\":null}",
        "{}");
    for (String v : variants) {
      byte[] json = v.getBytes(StandardCharsets.UTF_8);
      assertThat(HeartbeatJson.batch(json)).as(v).isNotNull()
          .isEqualTo(mapper(json, HeartbeatBatch.class).orElseThrow());
    }
  }

  @Test
  void variantsWhoseReadingIsTheMappersAreLeftToIt() {
    List<String> variants = List.of(
        batchOf(SAMPLE.replace("\"seq\":7", "\"seq\":7,\"seq\":8")), // a property twice
        batchOf(SAMPLE.replace("\"seq\":7", "\"seq\":7.5")), // a fraction for an integer: refused
        batchOf(SAMPLE.replace("\"seq\":7", "\"seq\":\"7\"")), // a string for a number: refused
        batchOf(SAMPLE.replace("\"seq\":7", "\"seq\":92233720368547758070")), // beyond a long
        batchOf(SAMPLE.replace("\"cycles\":310", "\"cycles\":3000000000")), // beyond an int
        batchOf(SAMPLE.replace("\"mount\":\"/\"", "\"mount\":5")), // a number for a string: the mapper's coercion
        batchOf(SAMPLE.replace("\"onBattery\":false", "\"onBattery\":0")),
        batchOf(SAMPLE.replace("\"fansRpm\":[1800,2100]", "\"fansRpm\":[1800,null]")),
        batchOf(SAMPLE.replace("\"fansRpm\":[1800,2100]", "\"fansRpm\":1800")),
        batchOf(SAMPLE.replace("\"event\":null", "\"event\":5")),
        batchOf(SAMPLE.replace("\"inventory\":null", "\"inventory\":{\"os\":{\"family\":5}}")), // the mapper's
        batchOf(SAMPLE.replace("\"inventory\":null", "\"inventory\":{\"network\":[{\"ipv4\":[null]}]}")),
        batchOf(SAMPLE) + " {}", // trailing tokens: refused
        batchOf(SAMPLE).substring(0, 200), // cut short: malformed
        "[" + batchOf(SAMPLE) + "]",
        "null",
        "");
    for (String v : variants) {
      byte[] json = v.getBytes(StandardCharsets.UTF_8);
      assertThat(HeartbeatJson.batch(json)).as(v).isNull();
    }
    // and the health alone, as stored
    assertThat(HeartbeatJson.health("{\"cpu\":{\"usage\":\"high\"}}".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(HeartbeatJson.health("{\"cpu\": [".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(HeartbeatJson.health("{\"fansRpm\":[1,2],\"x\":true}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new Health(null, null, null, null, List.of(1, 2), null));
  }

  private static <T> Optional<T> mapper(byte[] json, Class<T> type) {
    try {
      return Optional.ofNullable(Json.mapper().readValue(json, type));
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }

  private static HeartbeatBatch randomBatch() {
    int n = RANDOM.nextInt(4) == 0 ? 0 : 1 + RANDOM.nextInt(RANDOM.nextBoolean() ? 3 : 40);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      samples.add(new Sample(someLong(), someLong(), someLong(), maybe(() -> pick(SampleEvent.values())),
          maybe(() -> pick(ShutdownReason.values())), someLong(), someLong(), maybe(HeartbeatJsonTest::randomHealth),
          RANDOM.nextInt(8) == 0 ? randomInventory() : null));
    }
    return new HeartbeatBatch(maybe(HeartbeatJsonTest::someString), someLong(), samples, someLong());
  }

  private static Inventory randomInventory() {
    return new Inventory(
        maybe(() -> new Inventory.Os(maybe(HeartbeatJsonTest::someString), maybe(HeartbeatJsonTest::someString),
            maybe(HeartbeatJsonTest::someString))),
        maybe(() -> new Inventory.Hardware(maybe(HeartbeatJsonTest::someString),
            maybe(HeartbeatJsonTest::someString), maybe(HeartbeatJsonTest::someString),
            maybe(HeartbeatJsonTest::someString))),
        maybe(() -> new Inventory.Cpu(maybe(HeartbeatJsonTest::someString), someInt(), someInt())),
        someLong(),
        maybe(() -> listOf(() -> new Inventory.Drive(maybe(HeartbeatJsonTest::someString),
            maybe(HeartbeatJsonTest::someString), someLong()))),
        maybe(() -> listOf(() -> new Inventory.NetworkInterface(maybe(HeartbeatJsonTest::someString),
            maybe(HeartbeatJsonTest::someString), maybe(() -> listOf(HeartbeatJsonTest::someString))))));
  }

  private static Health randomHealth() {
    return new Health(
        maybe(() -> new Health.Cpu(someDouble(), someDouble(), someDouble())),
        maybe(() -> new Health.Memory(someLong(), someLong(), someLong(), someLong())),
        maybe(() -> listOf(() -> new Health.Disk(maybe(HeartbeatJsonTest::someString), someLong(), someLong()))),
        maybe(() -> new Health.Battery(someDouble(), maybe(RANDOM::nextBoolean), someDouble(), someInt())),
        maybe(() -> listOf(RANDOM::nextInt)),
        maybe(RANDOM::nextBoolean));
  }

  private static <T> List<T> listOf(Supplier<T> element) {
    int n = RANDOM.nextInt(4);
    List<T> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(element.get());
    }
    return out;
  }

  private static <T> T maybe(Supplier<T> value) {
    return RANDOM.nextInt(5) == 0 ? null : value.get();
  }

  private static <T> T pick(T[] values) {
    return values[RANDOM.nextInt(values.length)];
  }

  private static Long someLong() {
    return maybe(() -> switch (RANDOM.nextInt(4)) {
      case 0 -> (long) RANDOM.nextInt(1000);
      case 1 -> RANDOM.nextLong();
      case 2 -> RANDOM.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
      default -> 1_764_000_000_000L + RANDOM.nextLong(100_000_000_000L);
    });
  }

  private static Integer someInt() {
    return maybe(() -> RANDOM.nextBoolean() ? RANDOM.nextInt(5000) : RANDOM.nextInt());
  }

  private static Double someDouble() {
    return maybe(() -> switch (RANDOM.nextInt(5)) {
      case 0 -> RANDOM.nextDouble();
      case 1 -> (double) RANDOM.nextInt(100);
      case 2 -> -0.0;
      case 3 -> Double.longBitsToDouble(RANDOM.nextLong() & 0x7fefffffffffffffL); // any finite magnitude
      default -> RANDOM.nextDouble() * 1e6 - 5e5;
    });
  }

  private static String someString() {
    String[] pool = {"", "/", "C:\\", "ws-01", "ümlaut", "\u0000\u001f\"", "\ud83d\ude00 emoji", "\ud800"};
    return pool[RANDOM.nextInt(pool.length)] + RANDOM.nextInt(100);
  }
}
