package dev.uptally.agent.hardware;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import java.util.List;

/** A machine whose health and inventory a test sets. Defaults describe a plausible laptop. */
public final class FakeHardwareReader implements HardwareReader {

  public static final long BOOT_MILLIS = 1_763_990_000_000L;

  public Health health = new Health(new Health.Cpu(0.25, 0.7, 48.0),
      new Health.Memory(16L << 30, 8L << 30, 2L << 30, 1L << 20),
      List.of(new Health.Disk("/", 512L << 30, 300L << 30)),
      new Health.Battery(81.0, true, 0.92, 143), List.of(2100), false);
  public Inventory inventory = new Inventory(new Inventory.Os("Ubuntu", "24.04", "noble"),
      new Inventory.Hardware("LENOVO", "ThinkPad T14", "PF-123", "4c4c4544-0000"),
      new Inventory.Cpu("Intel Core i7-1365U", 10, 12), 16L << 30,
      List.of(new Inventory.Drive("Samsung PM9A1", "S6ABC", 512L << 30)),
      List.of(new Inventory.NetworkInterface("wlp0s20f3", "a4:b1:c2:d3:e4:f5", List.of("192.168.1.23"))));
  public long bootTimeMillis = BOOT_MILLIS;
  public boolean serverOs;
  public volatile int healthReads;
  /** When set, {@link #health()} throws it (a sensor or OSHI failure). */
  public RuntimeException healthFailure;
  /** When set, {@link #health()} throws it (e.g. a native library OSHI needs cannot be linked). */
  public Error healthError;
  /** When set, {@link #inventory()} throws it. */
  public RuntimeException inventoryFailure;
  public int inventoryReads;

  @Override
  public Health health() {
    healthReads++;
    if (healthError != null) {
      throw healthError;
    }
    if (healthFailure != null) {
      throw healthFailure;
    }
    return health;
  }

  @Override
  public Inventory inventory() {
    inventoryReads++;
    if (inventoryFailure != null) {
      throw inventoryFailure;
    }
    return inventory;
  }

  @Override
  public long bootTimeMillis() {
    return bootTimeMillis;
  }

  @Override
  public boolean hasBattery() {
    return health.battery() != null;
  }

  @Override
  public boolean isServerOs() {
    return serverOs;
  }

  /** The same machine without a battery (a desktop or server). */
  public FakeHardwareReader withoutBattery() {
    health = new Health(health.cpu(), health.memory(), health.disks(), null, health.fansRpm(), false);
    return this;
  }
}
