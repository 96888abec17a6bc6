package dev.uptally.common.json;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.SampleEvent;
import dev.uptally.common.protocol.ShutdownReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.core.util.Named;

/**
 * Reads a heartbeat batch, or a health or inventory as stored, the way {@link Json#mapper()} does, for the shape
 * agents send, with less work: the parser matches each property name to its index by its bytes ({@link
 * PropertyNameMatcher}, what Jackson's own bean deserializers use, but not for records, whose creator looks every name
 * up in a map) and the records are built directly. Heartbeats are most of what the collector parses; a 1000-sample
 * replay costs 28 % less CPU end to end this way (bench/results/ingest-ceiling.md).
 *
 * <p>Anything outside that shape is not decided here: the methods return null and the caller reads the same bytes with
 * the mapper, which gives the value or the error it always gave. That covers malformed JSON, limits, a value of
 * another type than the field's (a string or a fraction for an integer, a number for a string, an integer beyond
 * its range), a property given twice, a null in a list (the mapper keeps it, for validation to name) and JSON null at
 * the root. The records' constructors refuse nothing, so any other exception here is a fault of this reader, and
 * surfaces as one instead of being hidden behind the slower path. Unknown properties are skipped, as the mapper skips
 * them. {@code HeartbeatJsonTest} and the heartbeat fuzz target check that every value read here equals the mapper's.
 */
public final class HeartbeatJson {

  private HeartbeatJson() {}

  /** The batch in {@code body}, or null: read it with the mapper. */
  public static HeartbeatBatch batch(byte[] body) {
    try (JsonParser p = Json.mapper().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      HeartbeatBatch batch = batch(p);
      return p.nextToken() == null ? batch : null; // trailing tokens: the mapper refuses them
    } catch (NotCovered | JacksonException e) {
      return null; // malformed or limited: the mapper reports it
    }
  }

  /** The health in {@code json} (as stored), or null: read it with the mapper. */
  public static Health health(byte[] json) {
    try (JsonParser p = Json.mapper().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Health health = health(p);
      return p.nextToken() == null ? health : null;
    } catch (NotCovered | JacksonException e) {
      return null;
    }
  }

  /** The inventory in {@code json} (as stored), or null: read it with the mapper. */
  public static Inventory inventory(byte[] json) {
    try (JsonParser p = Json.mapper().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Inventory inventory = inventory(p);
      return p.nextToken() == null ? inventory : null;
    } catch (NotCovered | JacksonException e) {
      return null;
    }
  }

  /** Thrown where the mapper must decide; without a stack, as it is control flow. */
  private static final class NotCovered extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final NotCovered INSTANCE = new NotCovered();

    private NotCovered() {
      super(null, null, false, false);
    }
  }

  private static NotCovered notCovered() {
    return NotCovered.INSTANCE;
  }

  private static PropertyNameMatcher matcher(String... names) {
    return Json.mapper().tokenStreamFactory().constructNameMatcher(
        Arrays.stream(names).map(Named::fromString).toList(), false);
  }

  private static final PropertyNameMatcher BATCH = matcher("deviceId", "sentAt", "samples", "droppedSamples");
  private static final PropertyNameMatcher SAMPLE = matcher("seq", "time", "bootTime", "event", "reason",
      "sleptFrom", "sleptUntil", "health", "inventory");
  private static final PropertyNameMatcher HEALTH = matcher("cpu", "memory", "disks", "battery", "fansRpm",
      "onBattery");
  private static final PropertyNameMatcher CPU = matcher("usage", "load1", "temperatureC");
  private static final PropertyNameMatcher MEMORY = matcher("totalBytes", "availableBytes", "swapTotalBytes",
      "swapUsedBytes");
  private static final PropertyNameMatcher DISK = matcher("mount", "totalBytes", "freeBytes");
  private static final PropertyNameMatcher BATTERY = matcher("percent", "charging", "healthRatio", "cycles");
  private static final PropertyNameMatcher INVENTORY = matcher("os", "hardware", "cpu", "memoryBytes", "drives",
      "network");
  private static final PropertyNameMatcher OS = matcher("family", "version", "build");
  private static final PropertyNameMatcher HARDWARE = matcher("manufacturer", "model", "serial", "uuid");
  private static final PropertyNameMatcher INVENTORY_CPU = matcher("name", "physicalCores", "logicalCores");
  private static final PropertyNameMatcher DRIVE = matcher("model", "serial", "sizeBytes");
  private static final PropertyNameMatcher NIC = matcher("name", "mac", "ipv4");

  /**
   * The index of the next property, its value the current token; -1 at the end of the object. Unknown properties
   * are skipped; a property seen before is not covered (the mapper's rules for it are its own).
   */
  private static int next(JsonParser p, PropertyNameMatcher names, long[] seen) {
    while (true) {
      int i = p.nextNameMatch(names);
      if (i >= 0) {
        long bit = 1L << i;
        if ((seen[0] & bit) != 0) {
          throw notCovered();
        }
        seen[0] |= bit;
        p.nextToken();
        return i;
      }
      if (i == PropertyNameMatcher.MATCH_END_OBJECT) {
        return -1;
      }
      if (i != PropertyNameMatcher.MATCH_UNKNOWN_NAME) {
        throw notCovered();
      }
      p.nextToken();
      p.skipChildren();
    }
  }

  private static HeartbeatBatch batch(JsonParser p) {
    String deviceId = null;
    Long sentAt = null;
    List<Sample> samples = null;
    Long dropped = null;
    long[] seen = {0};
    for (int i = next(p, BATCH, seen); i >= 0; i = next(p, BATCH, seen)) {
      switch (i) {
        case 0 -> deviceId = string(p);
        case 1 -> sentAt = longValue(p);
        case 2 -> samples = samples(p);
        default -> dropped = longValue(p);
      }
    }
    return new HeartbeatBatch(deviceId, sentAt, samples, dropped);
  }

  private static List<Sample> samples(JsonParser p) {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw notCovered();
    }
    List<Sample> samples = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.START_OBJECT) {
        throw notCovered();
      }
      samples.add(sample(p));
    }
    return samples;
  }

  private static Sample sample(JsonParser p) {
    Long seq = null;
    Long time = null;
    Long bootTime = null;
    SampleEvent event = null;
    ShutdownReason reason = null;
    Long sleptFrom = null;
    Long sleptUntil = null;
    Health health = null;
    Inventory inventory = null;
    long[] seen = {0};
    for (int i = next(p, SAMPLE, seen); i >= 0; i = next(p, SAMPLE, seen)) {
      switch (i) {
        case 0 -> seq = longValue(p);
        case 1 -> time = longValue(p);
        case 2 -> bootTime = longValue(p);
        case 3 -> {
          String wire = string(p);
          event = wire == null ? null : SampleEvent.fromWire(wire);
        }
        case 4 -> {
          String wire = string(p);
          reason = wire == null ? null : ShutdownReason.fromWire(wire);
        }
        case 5 -> sleptFrom = longValue(p);
        case 6 -> sleptUntil = longValue(p);
        case 7 -> health = object(p, HeartbeatJson::health);
        default -> inventory = object(p, HeartbeatJson::inventory);
      }
    }
    return new Sample(seq, time, bootTime, event, reason, sleptFrom, sleptUntil, health, inventory);
  }

  /** An object read by {@code reader} from its start; null for JSON null. */
  private static <T> T object(JsonParser p, Function<JsonParser, T> reader) {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.START_OBJECT) {
      throw notCovered();
    }
    return reader.apply(p);
  }

  private static Health health(JsonParser p) {
    Health.Cpu cpu = null;
    Health.Memory memory = null;
    List<Health.Disk> disks = null;
    Health.Battery battery = null;
    List<Integer> fans = null;
    Boolean onBattery = null;
    long[] seen = {0};
    for (int i = next(p, HEALTH, seen); i >= 0; i = next(p, HEALTH, seen)) {
      switch (i) {
        case 0 -> cpu = object(p, HeartbeatJson::cpu);
        case 1 -> memory = object(p, HeartbeatJson::memory);
        case 2 -> disks = disks(p);
        case 3 -> battery = object(p, HeartbeatJson::battery);
        case 4 -> fans = integers(p);
        default -> onBattery = bool(p);
      }
    }
    return new Health(cpu, memory, disks, battery, fans, onBattery);
  }

  private static Health.Cpu cpu(JsonParser p) {
    Double usage = null;
    Double load1 = null;
    Double temperature = null;
    long[] seen = {0};
    for (int i = next(p, CPU, seen); i >= 0; i = next(p, CPU, seen)) {
      switch (i) {
        case 0 -> usage = doubleValue(p);
        case 1 -> load1 = doubleValue(p);
        default -> temperature = doubleValue(p);
      }
    }
    return new Health.Cpu(usage, load1, temperature);
  }

  private static Health.Memory memory(JsonParser p) {
    Long total = null;
    Long available = null;
    Long swapTotal = null;
    Long swapUsed = null;
    long[] seen = {0};
    for (int i = next(p, MEMORY, seen); i >= 0; i = next(p, MEMORY, seen)) {
      switch (i) {
        case 0 -> total = longValue(p);
        case 1 -> available = longValue(p);
        case 2 -> swapTotal = longValue(p);
        default -> swapUsed = longValue(p);
      }
    }
    return new Health.Memory(total, available, swapTotal, swapUsed);
  }

  private static List<Health.Disk> disks(JsonParser p) {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw notCovered();
    }
    List<Health.Disk> disks = new ArrayList<>(2);
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.START_OBJECT) {
        throw notCovered(); // null elements among them
      }
      String mount = null;
      Long total = null;
      Long free = null;
      long[] seen = {0};
      for (int i = next(p, DISK, seen); i >= 0; i = next(p, DISK, seen)) {
        switch (i) {
          case 0 -> mount = string(p);
          case 1 -> total = longValue(p);
          default -> free = longValue(p);
        }
      }
      disks.add(new Health.Disk(mount, total, free));
    }
    return disks;
  }

  private static Health.Battery battery(JsonParser p) {
    Double percent = null;
    Boolean charging = null;
    Double healthRatio = null;
    Integer cycles = null;
    long[] seen = {0};
    for (int i = next(p, BATTERY, seen); i >= 0; i = next(p, BATTERY, seen)) {
      switch (i) {
        case 0 -> percent = doubleValue(p);
        case 1 -> charging = bool(p);
        case 2 -> healthRatio = doubleValue(p);
        default -> cycles = intValue(p);
      }
    }
    return new Health.Battery(percent, charging, healthRatio, cycles);
  }

  private static Inventory inventory(JsonParser p) {
    Inventory.Os os = null;
    Inventory.Hardware hardware = null;
    Inventory.Cpu cpu = null;
    Long memory = null;
    List<Inventory.Drive> drives = null;
    List<Inventory.NetworkInterface> network = null;
    long[] seen = {0};
    for (int i = next(p, INVENTORY, seen); i >= 0; i = next(p, INVENTORY, seen)) {
      switch (i) {
        case 0 -> os = object(p, HeartbeatJson::os);
        case 1 -> hardware = object(p, HeartbeatJson::hardware);
        case 2 -> cpu = object(p, HeartbeatJson::inventoryCpu);
        case 3 -> memory = longValue(p);
        case 4 -> drives = objects(p, HeartbeatJson::drive);
        default -> network = objects(p, HeartbeatJson::nic);
      }
    }
    return new Inventory(os, hardware, cpu, memory, drives, network);
  }

  private static Inventory.Os os(JsonParser p) {
    String[] v = strings(p, OS, 3);
    return new Inventory.Os(v[0], v[1], v[2]);
  }

  private static Inventory.Hardware hardware(JsonParser p) {
    String[] v = strings(p, HARDWARE, 4);
    return new Inventory.Hardware(v[0], v[1], v[2], v[3]);
  }

  /** An object whose properties are all strings, by index. */
  private static String[] strings(JsonParser p, PropertyNameMatcher names, int count) {
    String[] values = new String[count];
    long[] seen = {0};
    for (int i = next(p, names, seen); i >= 0; i = next(p, names, seen)) {
      values[i] = string(p);
    }
    return values;
  }

  private static Inventory.Cpu inventoryCpu(JsonParser p) {
    String name = null;
    Integer physical = null;
    Integer logical = null;
    long[] seen = {0};
    for (int i = next(p, INVENTORY_CPU, seen); i >= 0; i = next(p, INVENTORY_CPU, seen)) {
      switch (i) {
        case 0 -> name = string(p);
        case 1 -> physical = intValue(p);
        default -> logical = intValue(p);
      }
    }
    return new Inventory.Cpu(name, physical, logical);
  }

  private static Inventory.Drive drive(JsonParser p) {
    String model = null;
    String serial = null;
    Long size = null;
    long[] seen = {0};
    for (int i = next(p, DRIVE, seen); i >= 0; i = next(p, DRIVE, seen)) {
      switch (i) {
        case 0 -> model = string(p);
        case 1 -> serial = string(p);
        default -> size = longValue(p);
      }
    }
    return new Inventory.Drive(model, serial, size);
  }

  private static Inventory.NetworkInterface nic(JsonParser p) {
    String name = null;
    String mac = null;
    List<String> ipv4 = null;
    long[] seen = {0};
    for (int i = next(p, NIC, seen); i >= 0; i = next(p, NIC, seen)) {
      switch (i) {
        case 0 -> name = string(p);
        case 1 -> mac = string(p);
        default -> {
          if (p.currentToken() != JsonToken.VALUE_NULL) {
            if (p.currentToken() != JsonToken.START_ARRAY) {
              throw notCovered();
            }
            ipv4 = new ArrayList<>(2);
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
              if (t != JsonToken.VALUE_STRING) {
                throw notCovered(); // null elements among them
              }
              ipv4.add(p.getString());
            }
          }
        }
      }
    }
    return new Inventory.NetworkInterface(name, mac, ipv4);
  }

  /** A list of objects, each read by {@code element} from its start; null for JSON null. */
  private static <T> List<T> objects(JsonParser p, Function<JsonParser, T> element) {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw notCovered();
    }
    List<T> values = new ArrayList<>(2);
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.START_OBJECT) {
        throw notCovered(); // null elements among them
      }
      values.add(element.apply(p));
    }
    return values;
  }

  private static List<Integer> integers(JsonParser p) {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw notCovered();
    }
    List<Integer> values = new ArrayList<>(2);
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.VALUE_NUMBER_INT) {
        throw notCovered(); // null elements among them
      }
      values.add(intValue(p));
    }
    return values;
  }

  private static String string(JsonParser p) {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return p.getString();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw notCovered();
  }

  private static Long longValue(JsonParser p) {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType type = p.getNumberType();
      if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
        return p.getLongValue();
      }
    } else if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw notCovered();
  }

  private static Integer intValue(JsonParser p) {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
      return p.getIntValue();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw notCovered();
  }

  private static Double doubleValue(JsonParser p) {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDoubleValue();
    }
    if (t == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType type = p.getNumberType();
      if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
        return p.getDoubleValue();
      }
    } else if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw notCovered();
  }

  private static Boolean bool(JsonParser p) {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_TRUE) {
      return Boolean.TRUE;
    }
    if (t == JsonToken.VALUE_FALSE) {
      return Boolean.FALSE;
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw notCovered();
  }
}
