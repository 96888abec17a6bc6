package dev.uptally.cli.sim;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plausible, varying health of one simulated device: CPU following office hours, memory, a disk filling slowly,
 * temperatures, a battery for laptops. Not thread-safe (one per device, used by one thread at a time).
 */
final class HealthModel {

  private static final double DAY_MILLIS = 86_400_000.0;

  private final DeviceBehaviour device;
  private final SplittableRandom random;
  private final long startMillis;

  /** @param startMillis true time the simulation starts; the disk fills from its start level from then on */
  HealthModel(DeviceBehaviour device, SplittableRandom random, long startMillis) {
    this.device = device;
    this.random = random;
    this.startMillis = startMillis;
  }

  /** Health at true time {@code trueMillis}. */
  Health at(long trueMillis) {
    HardwareModel hw = device.hardware();
    double localHour = localHour(trueMillis);
    double usage = clamp(cpuUsage(localHour), 0.01, 1.0);
    double temperature = 34 + 45 * usage + device.health().temperatureOffsetC() + 2 * random.nextDouble();
    Health.Cpu cpu = new Health.Cpu(round(usage), round(usage * hw.logicalCores() * (0.8 + 0.4 * random.nextDouble())),
        round(temperature));
    long total = hw.memoryBytes();
    long available = (long) (total * clamp(0.7 - 0.5 * usage + 0.1 * random.nextDouble(), 0.05, 0.95));
    long swapTotal = hw.memoryBytes() / 4;
    long swapUsed = (long) (swapTotal * clamp(0.3 * usage * random.nextDouble(), 0, 1));
    Health.Memory memory = new Health.Memory(total, available, swapTotal, swapUsed);
    double used = clamp(device.health().diskUsedAtStart()
        + device.health().diskFillPerDay() * (trueMillis - startMillis) / DAY_MILLIS, 0.05, 0.995);
    long size = hw.driveSizeBytes();
    Health.Disk disk = new Health.Disk(systemMount(), size, (long) (size * (1 - used)));
    Health.Battery battery = battery(trueMillis, localHour);
    boolean onBattery = battery != null && !battery.charging();
    int fan = (int) (1200 + 2800 * usage + 100 * random.nextDouble());
    return new Health(cpu, memory, List.of(disk), battery, List.of(fan), hw.hasBattery() ? onBattery : Boolean.FALSE);
  }

  /** What the device's agent reports at enrollment and with its first startup. */
  static Inventory inventoryOf(DeviceBehaviour device) {
    HardwareModel hw = device.hardware();
    return inventoryOf(device, new Inventory.Drive(hw.driveModel(), device.driveSerial(), hw.driveSizeBytes()));
  }

  /** The inventory with {@code drive} as the system drive (after a swap). */
  static Inventory inventoryOf(DeviceBehaviour device, Inventory.Drive drive) {
    HardwareModel hw = device.hardware();
    return new Inventory(
        new Inventory.Os(hw.osFamily(), hw.osVersion(), null),
        new Inventory.Hardware(hw.manufacturer(), hw.model(), device.serial(), device.deviceId()),
        new Inventory.Cpu(hw.cpuName(), hw.physicalCores(), hw.logicalCores()),
        hw.memoryBytes(),
        List.of(drive),
        List.of(new Inventory.NetworkInterface(networkName(hw.osFamily()), device.mac(), List.of(device.ipv4()))));
  }

  private double localHour(long trueMillis) {
    ZonedDateTime local = ZonedDateTime.ofInstant(Instant.ofEpochMilli(trueMillis), device.zone());
    return local.getHour() + local.getMinute() / 60.0;
  }

  private double cpuUsage(double localHour) {
    double base = device.health().cpuBase();
    if (device.deviceClass() == DeviceClass.SERVER) {
      return base + 0.1 * BehaviourFactory.gaussian(random);
    }
    double office = localHour >= 8 && localHour < 18 ? 1.0 : 0.25;
    return base * office + 0.05 * random.nextDouble() + (random.nextDouble() < 0.02 ? 0.5 : 0);
  }

  /** Unplugged through the working day (draining from full), charging in the evening and overnight. */
  private Health.Battery battery(long trueMillis, double localHour) {
    Double healthRatio = device.health().batteryHealthRatio();
    if (healthRatio == null) {
      return null;
    }
    boolean charging = localHour < 9 || localHour >= 16;
    double sinceCharge = localHour >= 16 ? localHour - 16 : localHour + 8;
    double percent = charging ? 40 + 12 * sinceCharge : 100 - 8 * (localHour - 9);
    int cycles = device.health().batteryCycles() + (int) ((trueMillis - startMillis) / DAY_MILLIS);
    return new Health.Battery(round(clamp(percent, 3, 100)), charging, round(healthRatio), cycles);
  }

  private String systemMount() {
    String os = device.hardware().osFamily();
    return os.equals("Windows") ? "C:\\" : "/";
  }

  private static String networkName(String os) {
    return os.equals("Windows") ? "Ethernet" : os.equals("macOS") ? "en0" : "eno1";
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
